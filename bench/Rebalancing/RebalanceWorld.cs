using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Running;

namespace OrdersAspire.Bench.Rebalancing;

/// <summary>One setup's world: an embedded broker, one group of order-processors replicas as real processes sharing a
/// store directory (one SQLite file per partition), and a steady stream of orders to every partition so that any pause shows as a gap in the store.
/// Disposing kills every replica, stops the producer and destroys the broker.</summary>
public sealed class RebalanceWorld : IAsyncDisposable
{
    public const string Topic = "order-events";
    public const int Partitions = 6;
    public const int RatePerSecond = 600;
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly BenchBroker _broker;
    private readonly string _dll;
    private readonly string _directory = Directory.CreateTempSubdirectory("bench-rebalance-").FullName;
    private readonly List<ServiceProcess> _replicas = [];
    private readonly CancellationTokenSource _stopProducing = new();
    private Task? _producing;
    private int _replicaNumber;

    public RebalanceWorld(string dll, string strategy, string protocol, string label)
    {
        Label = label;
        _dll = dll;
        Strategy = strategy;
        Protocol = protocol;
        _broker = new BenchBroker(Topic, Partitions, TimeSpan.FromMilliseconds(300));
        if (protocol == "consumer")
        {
            // KIP-848: session and heartbeat are the broker's settings.
            _broker.Cluster.SetGroupConsumerSessionTimeout(SessionTimeout);
            _broker.Cluster.SetGroupConsumerHeartbeatInterval(HeartbeatInterval);
        }
        GroupId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        StoreDirectory = Path.Combine(_directory, GroupId);
        Log = new ProcessingLog(StoreDirectory, Partitions);
    }

    public string Label { get; }
    public string Strategy { get; }
    public string Protocol { get; }
    public string GroupId { get; }
    /// <summary>The group's store: one SQLite file per partition in this directory.</summary>
    public string StoreDirectory { get; }
    public ProcessingLog Log { get; }
    public IReadOnlyList<ServiceProcess> Live => _replicas;
    public IReadOnlyCollection<string> LiveNames => [.. _replicas.Select(r => r.Name)];
    public long Produced { get; private set; }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void StartProducing() => _producing = Task.Run(() => ProduceAsync(_stopProducing.Token));

    /// <summary>Starts a replica and waits until it has subscribed.</summary>
    public async Task<ServiceProcess> StartReplicaAsync()
    {
        var name = $"replica-{++_replicaNumber}";
        var replica = ServiceProcess.StartDll(_dll, name, new Dictionary<string, string?>(BenchBroker.ConsumerEnvironment)
        {
            ["ConnectionStrings__kafka"] = _broker.Bootstrap,
            ["ConnectionStrings__effects"] = $"Data Source={StoreDirectory}",
            ["ConsumerGroup__GroupId"] = GroupId,
            ["ConsumerGroup__AssignmentStrategy"] = Strategy,
            ["ConsumerGroup__GroupProtocol"] = Protocol,
            ["ConsumerGroup__SessionTimeoutMs"] = ((int)SessionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["ConsumerGroup__HeartbeatIntervalMs"] = ((int)HeartbeatInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["ConsumerGroup__ReportIntervalMs"] = "1000",
            ["REPLICA_ID"] = name,
        });
        _replicas.Add(replica);
        await replica.WaitForOutputAsync("subscribed to", TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        return replica;
    }

    /// <summary>Removes a replica from the live set (after it was stopped or killed) and disposes it.</summary>
    public void Forget(ServiceProcess replica)
    {
        _replicas.Remove(replica);
        replica.Dispose();
    }

    /// <summary>Waits until the live replicas process every partition (see <see cref="ProcessingLog.Settled"/>) on three
    /// checks in a row; returns when, or null after <paramref name="timeout"/>.</summary>
    public async Task<long?> WaitSettledAsync(long afterMs, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var inARow = 0;
        while (watch.Elapsed < timeout)
        {
            inARow = Log.Settled(LiveNames, afterMs) ? inARow + 1 : 0;
            if (inARow >= 3)
            {
                return NowMs;
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
        return null;
    }

    private async Task ProduceAsync(CancellationToken stop)
    {
        using var producer = BenchOrders.Producer(_broker.Bootstrap);
        var watch = Stopwatch.StartNew();
        long i = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(watch.Elapsed.TotalSeconds * RatePerSecond);
            for (; i < due; i++)
            {
                producer.Produce(Topic, BenchOrders.Message(i));
            }

            Produced = i;
            try { await Task.Delay(5, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        _replicas.Clear();
        await _stopProducing.CancelAsync().ConfigureAwait(false);
        if (_producing is not null)
        {
            try { await _producing.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false); }
            catch (Exception ex) when (ex is TimeoutException or KafkaException) { }
        }
        _stopProducing.Dispose();
        _broker.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
