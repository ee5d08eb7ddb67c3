using Microsoft.Data.Sqlite;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.Testing.Stores;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>One isolated world per test: its own embedded broker, group id and SQLite store directory, and order-processors
/// replicas as real processes. Disposing kills every replica and destroys the broker.</summary>
public sealed class GroupScenario : IAsyncDisposable
{
    public const string Topic = "order-events";
    public const int Partitions = 6;
    /// <summary>The order-processors table with one row per applied order.</summary>
    public const string EffectsTable = "processed_orders";

    private readonly List<ServiceProcess> _replicas = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("orders-scenario-").FullName;
    private int _replicaNumber;

    public GroupScenario(string strategy = "range", string protocol = "classic")
    {
        Strategy = strategy;
        Protocol = protocol;
        Broker = MockKafkaCluster.Start(3);
        Broker.CreateTopic(Topic, Partitions);
        Broker.CreateTopic("order-events.dlt", 3);
        Broker.CreateTopic("consumer-group-reports", 1);
        Broker.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(300));
        if (protocol == "consumer")
        {
            // KIP-848: session and heartbeat live on the broker side.
            Broker.SetGroupConsumerSessionTimeout(TimeSpan.FromSeconds(6));
            Broker.SetGroupConsumerHeartbeatInterval(TimeSpan.FromSeconds(2));
        }
        GroupId = "scenario-" + Guid.NewGuid().ToString("N")[..8];
        StoreDirectory = Path.Combine(_directory, GroupId);
    }

    public MockKafkaCluster Broker { get; }
    public string GroupId { get; }
    public string Strategy { get; }
    public string Protocol { get; }
    /// <summary>The group's SQLite store: one file per partition in this directory.</summary>
    public string StoreDirectory { get; }
    /// <summary>Reads the store's files directly, as a verifier outside the service.</summary>
    public StoreFiles Store => new(StoreDirectory);
    public IReadOnlyList<ServiceProcess> Replicas => _replicas;
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);

    public IReadOnlyDictionary<string, string?> Environment(string replicaId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__kafka"] = Broker.BootstrapServers,
            ["ConnectionStrings__effects"] = $"Data Source={StoreDirectory}",
            ["ConsumerGroup__GroupId"] = GroupId,
            ["ConsumerGroup__AssignmentStrategy"] = Strategy,
            ["ConsumerGroup__GroupProtocol"] = Protocol,
            ["ConsumerGroup__SessionTimeoutMs"] = ((int)SessionTimeout.TotalMilliseconds).ToString(),
            ["ConsumerGroup__HeartbeatIntervalMs"] = "2000",
            ["ConsumerGroup__ReportIntervalMs"] = "1000",
            // As the AppHost configures consumers of the embedded broker.
            ["Aspire__Confluent__Kafka__Consumer__Config__" + EmbeddedClientSettings.FetchWaitMaxMsProperty] = EmbeddedClientSettings.FetchWaitMaxMs.ToString(),
            ["REPLICA_ID"] = replicaId,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        return env;
    }

    /// <summary>Starts an order-processors replica and waits until it has subscribed.</summary>
    public async Task<ServiceProcess> StartReplicaAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var id = $"replica-{++_replicaNumber}";
        var replica = ServiceProcess.Start("OrderProcessors", id, Environment(id, extra));
        _replicas.Add(replica);
        await replica.WaitForOutputAsync("subscribed to", TimeSpan.FromSeconds(60));
        return replica;
    }

    /// <summary>Produces <paramref name="count"/> valid orders at about <paramref name="ratePerSecond"/>, every one
    /// acknowledged; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ProduceOrdersAsync(int count, int ratePerSecond, CancellationToken cancellationToken) =>
        [.. (await OrderProducer.ProduceAsync(Broker.BootstrapServers, Topic, count, ratePerSecond, cancellationToken)).Select(o => o.OrderId)];

    /// <summary>Waits until the store holds <paramref name="expected"/> orders; fails with the last count seen.</summary>
    public Task<long> WaitForStoreCountAsync(long expected, TimeSpan timeout) =>
        Eventually.ResultAsync(() => Store.CountAsync(EffectsTable), count => count >= expected, timeout,
            $"{expected} orders in {GroupId}'s store", TimeSpan.FromMilliseconds(200));

    /// <summary>Waits until the group has settled with every running replica owning partitions and all of them owned
    /// (from each replica's last "now owns [..]" line): a scenario that spreads work must not start before this, or the
    /// first replica to join takes it all.</summary>
    public Task WaitForEveryReplicaAssignedAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(() =>
        {
            var owned = _replicas.Where(r => !r.HasExited).Select(LastOwned).ToList();
            return owned.All(o => o.Count > 0) && owned.Sum(o => o.Count) == Partitions && owned.SelectMany(o => o).Distinct().Count() == Partitions;
        }, timeout, "the group to settle with every replica assigned",
            () => string.Join("; ", _replicas.Select(r => $"{r.Name} owns [{string.Join(",", LastOwned(r))}]")));

    private static IReadOnlyList<int> LastOwned(ServiceProcess replica)
    {
        var line = replica.Output.LastOrDefault(l => l.Contains(", now owns [", StringComparison.Ordinal));
        if (line is null)
        {
            return [];
        }

        var start = line.IndexOf(", now owns [", StringComparison.Ordinal) + ", now owns [".Length;
        var end = line.IndexOf(']', start);
        return end <= start ? [] : [.. line[start..end].Split(',').Select(int.Parse)];
    }

    /// <summary>The longest time during which some order was waiting (produced, not yet processed) and no order
    /// was processed. Gaps in production are not stalls: on a loaded machine the producer itself can pause.</summary>
    public async Task<ProcessingStall> LongestProcessingStallAsync()
    {
        var rows = (await Store.QueryAsync("SELECT created_at_ms, processed_at_ms FROM processed_orders", r => (Created: r.GetInt64(0), Processed: r.GetInt64(1))))
            .OrderBy(r => r.Processed).ToList();
        // earliestWaiting[i]: the earliest creation among the orders processed at or after rows[i].
        var earliestWaiting = new long[rows.Count];
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            earliestWaiting[i] = i == rows.Count - 1 ? rows[i].Created : Math.Min(rows[i].Created, earliestWaiting[i + 1]);
        }

        var longest = new ProcessingStall(default, default);
        for (var i = 1; i < rows.Count; i++)
        {
            var from = Math.Max(rows[i - 1].Processed, earliestWaiting[i]);
            if (rows[i].Processed - from > longest.Length.TotalMilliseconds)
            {
                longest = new ProcessingStall(DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(rows[i].Processed));
            }
        }
        return longest;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        Broker.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        await Task.CompletedTask;
    }
}

/// <summary>A time in which orders waited and none was processed.</summary>
public sealed record ProcessingStall(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;
}
