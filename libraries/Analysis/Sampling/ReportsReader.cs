using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.GroupContracts.Reports;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Reads the consumers' reports topic into the <see cref="MembershipRegistry"/>: a consumer that never joins a
/// group (it assigns every partition itself, starting at the offsets for now − ReportsLookbackSeconds) and never
/// commits. The service runs it for its lifetime; the CLI reads once to the end (<see cref="ReadToEnd"/>).</summary>
public sealed partial class ReportsReader(
    IOptions<AnalyzerOptions> options,
    KafkaClientFactory kafka,
    MembershipRegistry registry,
    TimeProvider time,
    ILogger<ReportsReader> logger) : BackgroundService
{
    private readonly AnalyzerOptions _options = options.Value;

    /// <summary>True once the reader has assigned the topic's partitions (tests and health wait on it).</summary>
    public bool IsReading { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = CreateConsumer();
        try
        {
            AssignWhenTopicExists(consumer, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // A failed fetch (timeout, leader moved) is retried by the client; the analyzer must not die of it.
                    LogConsumeFailed(ex.Error.Code, ex.Error.Reason);
                    continue;
                }
                Apply(result);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Reads the lookback window once, to the end of every partition or until <paramref name="timeout"/>; false
    /// when the reports topic does not exist.</summary>
    public bool ReadToEnd(TimeSpan timeout)
    {
        using var admin = kafka.CreateAdminClient();
        if (new KafkaGroupReader(admin).PartitionCount(_options.ReportsTopic) is not { } count)
        {
            return false;
        }

        using var consumer = CreateConsumer(partitionEof: true);
        try
        {
            var start = LookbackStart(consumer, count).Where(o => o.Offset.Value >= 0).ToList();
            consumer.Assign(start);
            var pending = start.Select(s => s.Partition.Value).ToHashSet();
            var deadline = time.GetUtcNow() + timeout;
            while (pending.Count > 0 && time.GetUtcNow() < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is { IsPartitionEOF: true })
                {
                    pending.Remove(result.Partition.Value);
                }
                else
                {
                    Apply(result);
                }
            }
            return true;
        }
        finally
        {
            consumer.Close();
        }
    }

    private IConsumer<byte[]?, byte[]?> CreateConsumer(bool partitionEof = false)
    {
        var config = kafka.CreateConsumerConfig();
        config.GroupId = $"ordersaspire-analyzer-reader-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnablePartitionEof = partitionEof;
        config.FetchWaitMaxMs = 100;
        return kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config).Build();
    }

    private void Apply(ConsumeResult<byte[]?, byte[]?>? result)
    {
        if (result is null || result.IsPartitionEOF || result.Message.Value is null)
        {
            return;
        }

        if (ConsumerReport.TryParse(result.Message.Value, out var report, out var error))
        {
            registry.Apply(report);
        }
        else
        {
            LogBadReport(result.TopicPartitionOffset.ToString(), error);
        }
    }

    private List<TopicPartitionOffset> LookbackStart(IConsumer<byte[]?, byte[]?> consumer, int partitions) =>
        StartOffsets(consumer, _options.ReportsTopic, partitions, time.GetUtcNow().AddSeconds(-_options.ReportsLookbackSeconds));

    private void AssignWhenTopicExists(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                if (reader.PartitionCount(_options.ReportsTopic) is { } count)
                {
                    consumer.Assign(LookbackStart(consumer, count));
                    IsReading = true;
                    LogAssigned(_options.ReportsTopic, count);
                    return;
                }
            }
            catch (KafkaException ex)
            {
                LogWaiting(_options.ReportsTopic, ex.Message);
            }
            stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Where to start reading reports: the first offset at or after <paramref name="since"/>; where the broker
    /// cannot look offsets up by time (the embedded one answers -1), the last <see cref="FallbackWindow"/> messages.</summary>
    private static List<TopicPartitionOffset> StartOffsets(IConsumer<byte[]?, byte[]?> consumer, string topic, int partitions, DateTimeOffset since)
    {
        var wanted = Enumerable.Range(0, partitions)
            .Select(p => new TopicPartitionTimestamp(topic, p, new Timestamp(since.ToUnixTimeMilliseconds(), TimestampType.CreateTime)));
        return consumer.OffsetsForTimes(wanted, KafkaGroupReader.RequestTimeout).Select(o =>
        {
            if (o.Offset.Value >= 0)
            {
                return o;
            }

            var marks = consumer.QueryWatermarkOffsets(o.TopicPartition, KafkaGroupReader.RequestTimeout);
            return new TopicPartitionOffset(o.TopicPartition, Math.Max(marks.Low.Value, marks.High.Value - FallbackWindow));
        }).ToList();
    }

    public const int FallbackWindow = 500;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading consumer reports from {Topic} ({Partitions} partitions)")]
    private partial void LogAssigned(string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the reports topic {Topic}: {Reason}")]
    private partial void LogWaiting(string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading consumer reports failed ({Code}: {Reason}); retrying")]
    private partial void LogConsumeFailed(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed consumer report at {Position}: {Error}")]
    private partial void LogBadReport(string position, string error);
}
