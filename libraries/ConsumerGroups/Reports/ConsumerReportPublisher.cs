using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Reports;

/// <summary>Publishes this member's <see cref="ConsumerReport"/> to the reports topic, keyed by group and replica.
/// The embedded broker cannot describe groups, so this is how the analyzer learns members and assignments.
/// Fire-and-forget: a lost report is replaced by the next one a few seconds later.</summary>
public sealed partial class ConsumerReportPublisher : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly ConsumerGroupOptions _options;
    private readonly ConsumerState _state;
    private readonly RebalanceHistory _rebalances;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsumerReportPublisher> _logger;
    private readonly string _host = Environment.MachineName;
    private int _failuresLogged;

    public ConsumerReportPublisher(KafkaClientFactory factory, IOptions<ConsumerGroupOptions> options, ConsumerState state,
        RebalanceHistory rebalances, TimeProvider time, ILogger<ConsumerReportPublisher> logger)
    {
        _options = options.Value;
        _state = state;
        _rebalances = rebalances;
        _time = time;
        _logger = logger;
        var config = factory.CreateProducerConfig();
        config.ClientId = $"{_options.GroupId}-{_options.ReplicaId}-reports";
        config.LingerMs = 0;
        _producer = factory.CreateProducerBuilder<string, byte[]>(config).Build();
    }

    public string Key => $"{_options.GroupId}/{_options.ReplicaId}";

    public ConsumerReport Build(IConsumer<byte[]?, byte[]?> consumer, ConsumerActivity activity)
    {
        var partitions = _state.Partitions().Select(p =>
        {
            var watermarks = consumer.GetWatermarkOffsets(new TopicPartition(_options.Topic, p.Partition));
            long? high = watermarks.High == Offset.Unset ? null : watermarks.High.Value;
            return new PartitionReport(p.Partition, p.Position, null, high, p.Processed, p.RatePerSecond, p.LastProcessedAt);
        }).ToList();

        return new ConsumerReport
        {
            GroupId = _options.GroupId,
            MemberId = string.IsNullOrEmpty(consumer.MemberId) ? _state.MemberId : consumer.MemberId,
            ReplicaId = _options.ReplicaId,
            Host = _host,
            Pid = Environment.ProcessId,
            ClientId = consumer.Name,
            Topic = _options.Topic,
            Strategy = _options.AssignmentStrategy,
            Protocol = _options.GroupProtocol,
            AssignedPartitions = _state.AssignedPartitions,
            RecentRebalances = _rebalances.Recent(20),
            Partitions = partitions,
            Counters = _state.Counters(),
            State = activity,
            ReportedAt = _time.GetUtcNow(),
        };
    }

    public void Publish(IConsumer<byte[]?, byte[]?> consumer, ConsumerActivity activity)
    {
        var report = Build(consumer, activity);
        try
        {
            _producer.Produce(_options.ReportsTopic, new Message<string, byte[]> { Key = Key, Value = report.Serialize() }, OnDelivered);
        }
        catch (KafkaException ex)
        {
            LogPublishFailed(_options.ReportsTopic, ex.Error.Reason);
        }
        if (activity == ConsumerActivity.Leaving)
        {
            _producer.Flush(TimeSpan.FromSeconds(2));
        }
    }

    private void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        // Log the first few failures only: reports repeat every few seconds and a broker outage would flood the log.
        if (report.Error.IsError && Interlocked.Increment(ref _failuresLogged) <= 5)
        {
            LogPublishFailed(_options.ReportsTopic, report.Error.Reason);
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(2));
        _producer.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Could not publish the consumer report to {Topic}: {Error}")]
    private partial void LogPublishFailed(string topic, string error);
}
