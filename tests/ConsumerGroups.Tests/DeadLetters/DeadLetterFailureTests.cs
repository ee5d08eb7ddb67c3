using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.EmbeddedKafka;

namespace OrdersAspire.ConsumerGroups.Tests.DeadLetters;

/// <summary>Dead letters against an embedded broker that refuses them: nothing is lost, and the state shows.</summary>
public sealed class DeadLetterFailureTests : IDisposable
{
    private const short ProduceApiKey = 0;
    private const string DeadLetterTopic = "order-events.dlt";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly MockKafkaCluster _broker = MockKafkaCluster.Start(1);
    private readonly MeterListener _meters = new();
    private readonly ConcurrentDictionary<string, long> _counted = new();

    public DeadLetterFailureTests()
    {
        _broker.CreateTopic(DeadLetterTopic, 1);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ConsumerMetrics.MeterName && instrument.Name.StartsWith("ordersaspire.consumer.dead_letter", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var kind = tags.ToArray().FirstOrDefault(t => t.Key == "kind").Value as string;
            _counted.AddOrUpdate($"{instrument.Name}/{kind}", value, (_, total) => total + value);
        });
        _meters.Start();
    }

    [Theory]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.PolicyViolation)]
    public async Task ARejectedDeadLetterStopsThePartitionUnhealthyUntilTheBrokerTakesItAndNothingIsSkipped(ErrorCode rejection)
    {
        using var host = Build();
        var processor = host.Services.GetRequiredService<PartitionBatchProcessor>();
        var health = host.Services.GetRequiredService<ConsumerHealthCheck>();
        var batch = BatchWithAPoisonMessage(partition: 2);
        _broker.PushRequestErrors(ProduceApiKey, [rejection, rejection, rejection, rejection]);

        var processing = processor.ProcessAsync(batch, CancellationToken.None);
        var unhealthy = await WaitForAsync(async () => (await health.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Unhealthy, () => processing.IsCompleted);
        var next = await processing.WaitAsync(Timeout);

        Assert.True(unhealthy, "health went Unhealthy while the partition was stopped");
        Assert.Equal(3, next); // the batch completed, past the poison message, only once the dead letter was written
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Empty(host.Services.GetRequiredService<ConsumerState>().BlockedPartitions);
        Assert.True(_counted.GetValueOrDefault("ordersaspire.consumer.dead_letter.failures/rejected") >= 1);
        var dead = Assert.Single(ReadDeadLetters(expected: 1));
        Assert.Equal("2", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.SourcePartition)));
    }

    [Theory]
    [InlineData(ErrorCode.Local_Fatal, true, DeadLetterFailureKind.Fatal)]
    [InlineData(ErrorCode.OutOfOrderSequenceNumber, true, DeadLetterFailureKind.Fatal)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, false, DeadLetterFailureKind.Rejected)]
    [InlineData(ErrorCode.PolicyViolation, false, DeadLetterFailureKind.Rejected)]
    [InlineData(ErrorCode.Local_UnknownTopic, false, DeadLetterFailureKind.Rejected)]
    [InlineData(ErrorCode.NotLeaderForPartition, false, DeadLetterFailureKind.Transient)]
    [InlineData(ErrorCode.Local_MsgTimedOut, false, DeadLetterFailureKind.Transient)]
    [InlineData(ErrorCode.RequestTimedOut, false, DeadLetterFailureKind.Transient)]
    [InlineData(ErrorCode.Local_AllBrokersDown, false, DeadLetterFailureKind.Transient)]
    public void ProduceErrorsAreSortedIntoTransientFatalAndRejected(ErrorCode code, bool fatal, DeadLetterFailureKind expected)
    {
        Assert.Equal(expected, DeadLetterFailedException.Classify(new Error(code, "test", fatal)));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _broker.Dispose();
    }

    private IHost Build()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = _broker.BootstrapServers,
            ["ConsumerGroup:ReplicaId"] = "test-1",
            ["ConsumerGroup:DeadLetterTopic"] = DeadLetterTopic,
        });
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.AddConsumerGroup<CountingHandler>(group => group.GroupId = "dead-letter-failure-" + Guid.NewGuid().ToString("N")[..8]);
        builder.Services.AddSingleton<ConsumerHealthCheck>();
        return builder.Build();
    }

    private static List<ConsumeResult<byte[]?, byte[]?>> BatchWithAPoisonMessage(int partition)
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>
        {
            Consumer.ConsumedMessages.Of(TestOrders.Valid(1), partition, 0),
            Consumer.ConsumedMessages.Of(TestOrders.Valid(2), partition, 1),
            Consumer.ConsumedMessages.Of(TestOrders.Valid(3), partition, 2),
        };
        batch[1].Message.Value = Encoding.UTF8.GetBytes("{not an order");
        return batch;
    }

    private List<ConsumeResult<byte[]?, byte[]?>> ReadDeadLetters(int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            GroupId = "dlt-reader-" + Guid.NewGuid().ToString("N")[..8],
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var read = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && read.Count <= expected)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(read.Count < expected ? 500 : 1_000));
            if (result is null) { if (read.Count >= expected) { break; } continue; }
            if (!result.IsPartitionEOF)
            {
                read.Add(result);
            }
        }
        return read;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="giveUp"/> does (false).</summary>
    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, Func<bool> giveUp)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!deadline.IsCancellationRequested)
        {
            if (await condition())
            {
                return true;
            }

            if (giveUp())
            {
                return await condition();
            }

            await Task.Delay(20, CancellationToken.None);
        }
        return false;
    }

    private sealed class CountingHandler : IOrderBatchHandler
    {
        public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken) =>
            Task.FromResult(new ApplyResult(batch.Count, 0));
    }
}
