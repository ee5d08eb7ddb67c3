using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.Orders;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>One isolated world per test: its own embedded broker (3 brokers), topics, group ids and SQLite stores,
/// with order-processors and analytics replicas as real processes. Disposing kills every replica and destroys the
/// broker, also when the test failed.</summary>
public sealed class ReliabilityWorld : IAsyncDisposable
{
    public const string Topic = "order-events";
    public const string DeadLetterTopic = "order-events.dlt";
    public const string ReportsTopic = "consumer-group-reports";
    public const int Partitions = 6;
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    /// <summary>How long a group may take to settle: classic joins on the embedded broker wait session − 1 s per round.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("orders-reliability-").FullName;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public ReliabilityWorld()
    {
        Broker = MockKafkaCluster.Start(3);
        Broker.CreateTopic(Topic, Partitions);
        Broker.CreateTopic(DeadLetterTopic, 3);
        Broker.CreateTopic(ReportsTopic, 1);
        Broker.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(300));
        OrderProcessors = new ConsumerGroupUnderTest("OrderProcessors", "order-processors-" + _suffix,
            Path.Combine(_directory, "order-processors"), "processed_orders");
        Analytics = new ConsumerGroupUnderTest("Analytics", "analytics-" + _suffix,
            Path.Combine(_directory, "analytics"), "analytics_seen");
    }

    public MockKafkaCluster Broker { get; }
    public ConsumerGroupUnderTest OrderProcessors { get; }
    public ConsumerGroupUnderTest Analytics { get; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public IReadOnlyDictionary<string, string?> Environment(ConsumerGroupUnderTest group, string replicaId,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__kafka"] = Broker.BootstrapServers,
            ["ConnectionStrings__effects"] = $"Data Source={group.StoreDirectory}",
            ["ConsumerGroup__GroupId"] = group.GroupId,
            ["ConsumerGroup__SessionTimeoutMs"] = ((int)SessionTimeout.TotalMilliseconds).ToString(),
            ["ConsumerGroup__HeartbeatIntervalMs"] = "2000",
            ["ConsumerGroup__ReportIntervalMs"] = "1000",
            // As the AppHost configures consumers of the embedded broker.
            ["Aspire__Confluent__Kafka__Consumer__Config__" + EmbeddedClientSettings.FetchWaitMaxMsProperty] = EmbeddedClientSettings.FetchWaitMaxMs.ToString(),
            ["REPLICA_ID"] = replicaId,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        return env;
    }

    /// <summary>Starts a replica of <paramref name="group"/> and waits until it serves HTTP and has subscribed.</summary>
    public async Task<ServiceProcess> StartReplicaAsync(ConsumerGroupUnderTest group, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var id = group.NextReplicaId();
        var replica = ServiceProcess.Start(group.Service, id, Environment(group, id, extra));
        try
        {
            var address = await replica.WaitForAddressAsync(StartTimeout);
            group.Add(replica, address);
            await replica.WaitForOutputAsync("subscribed to", StartTimeout);
            return replica;
        }
        catch
        {
            if (!group.Replicas.Contains(replica))
            {
                replica.Dispose();
            }

            throw;
        }
    }

    /// <summary>Produces <paramref name="count"/> valid orders at about <paramref name="ratePerSecond"/> with an
    /// idempotent producer and waits for every acknowledgement; returns the orders.</summary>
    public Task<IReadOnlyList<Order>> ProduceOrdersAsync(int count, int ratePerSecond, CancellationToken cancellationToken) =>
        OrderProducer.ProduceAsync(Broker.BootstrapServers, Topic, count, ratePerSecond, cancellationToken);

    /// <summary>Waits until the group has settled: every live replica owns partitions and together they own each
    /// partition exactly once (from each replica's <c>/api/consumer</c>). Load that must be spread over the group waits
    /// for this, or the first replica to join takes it all.</summary>
    public Task WaitForSettledAsync(ConsumerGroupUnderTest group, TimeSpan timeout) =>
        Eventually.ResultAsync(() => group.AssignmentsAsync(Http), assignments =>
            assignments.Values.All(p => p.Count > 0)
            && assignments.Values.SelectMany(p => p).Order().SequenceEqual(Enumerable.Range(0, Partitions)),
            timeout, $"{group.GroupId} to settle with every live replica owning partitions", TimeSpan.FromMilliseconds(200));

    /// <summary>The group's committed lag: Σ (log end − committed offset) over the topic's partitions, read by a
    /// consumer using the group id (OffsetFetch; it does not join the group). A partition never committed counts
    /// its whole log.</summary>
    public long CommittedLag(string groupId)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        long lag = 0;
        foreach (var c in committed)
        {
            var watermarks = consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10));
            var from = c.Offset.IsSpecial ? watermarks.Low.Value : c.Offset.Value;
            lag += Math.Max(0, watermarks.High.Value - from);
        }
        return lag;
    }

    /// <summary>Waits (bounded) until the group has committed up to the log end on every partition.</summary>
    public Task<long> WaitForZeroLagAsync(ConsumerGroupUnderTest group, TimeSpan timeout) =>
        Eventually.ResultAsync(() => Task.Run(() => CommittedLag(group.GroupId)), lag => lag == 0, timeout, $"group {group.GroupId} lag 0");

    /// <summary>Every message on the dead-letter topic, from the beginning (reads until the end of each partition).</summary>
    public IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadDeadLetters()
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = "dlt-reader-" + Guid.NewGuid().ToString("N")[..8],
            EnableAutoCommit = false,
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 16 * 1024 * 1024,
        }).SetLogHandler((_, _) => { }).Build();
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var partitions = Enumerable.Range(0, 3).Select(p => new TopicPartition(DeadLetterTopic, p)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var positions = partitions.ToDictionary(p => p.Partition.Value, _ => 0L);
        while (positions.Any(p => p.Value < ends[p.Key]) && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            results.Add(result);
            positions[result.Partition.Value] = result.Offset.Value + 1;
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in OrderProcessors.Replicas.Concat(Analytics.Replicas))
        {
            replica.Dispose();
        }

        Http.Dispose();
        Broker.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        await Task.CompletedTask;
    }
}
