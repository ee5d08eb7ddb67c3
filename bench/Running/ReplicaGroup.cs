using System.Diagnostics;
using System.Globalization;
using OrdersAspire.ConsumerGroups.Consumer;

namespace OrdersAspire.Bench.Running;

/// <summary>The replicas of one consumer group, started as processes against a bench broker, with their own store
/// directory (<c>ConnectionStrings:effects = Data Source=&lt;directory&gt;</c>: one SQLite file per partition).
/// Disposing kills the replicas and deletes the directory.</summary>
public sealed class ReplicaGroup : IDisposable
{
    /// <summary>Shorter than the service default (10 s) so that joins and a killed member's expiry take seconds, not tens.</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly string _dll;
    private readonly BenchBroker _broker;
    private readonly string _strategy;
    private readonly List<ConsumerReplica> _replicas = [];
    private int _number;

    private ReplicaGroup(string dll, BenchBroker broker, string groupId, string strategy)
    {
        _dll = dll;
        _broker = broker;
        GroupId = groupId;
        _strategy = strategy;
        StoreDirectory = Directory.CreateTempSubdirectory("bench-" + groupId + "-").FullName;
    }

    public string GroupId { get; }
    public string StoreDirectory { get; }
    public IReadOnlyList<ConsumerReplica> Replicas => _replicas;

    /// <summary>Starts <paramref name="count"/> replicas at once; <paramref name="pin"/> pins replica i to core i mod the core count.</summary>
    public static async Task<ReplicaGroup> StartAsync(string dll, BenchBroker broker, string groupName, string strategy, int count, bool pin = false)
    {
        var group = new ReplicaGroup(dll, broker, $"{groupName}-{Guid.NewGuid().ToString("N")[..6]}", strategy);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => group.AddAsync(pin ? i % Environment.ProcessorCount : null))).ConfigureAwait(false);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    private async Task AddAsync(int? cpu)
    {
        var name = $"{GroupId}-{Interlocked.Increment(ref _number)}";
        var replica = await ConsumerReplica.StartAsync(_dll, name, new Dictionary<string, string?>(BenchBroker.ConsumerEnvironment)
        {
            ["ConnectionStrings__kafka"] = _broker.Bootstrap,
            ["ConnectionStrings__effects"] = $"Data Source={StoreDirectory}",
            ["ConsumerGroup__GroupId"] = GroupId,
            ["ConsumerGroup__Topic"] = _broker.Topic,
            ["ConsumerGroup__AssignmentStrategy"] = _strategy,
            ["ConsumerGroup__SessionTimeoutMs"] = ((int)SessionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["ConsumerGroup__HeartbeatIntervalMs"] = ((int)HeartbeatInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["REPLICA_ID"] = name,
        }, cpu).ConfigureAwait(false);
        lock (_replicas)
        {
            _replicas.Add(replica);
        }
    }

    /// <summary>Every replica's view (null for one that does not answer), in replica order.</summary>
    public async Task<IReadOnlyList<ConsumerView?>> ViewsAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(_replicas.Select(r => r.ConsumerAsync(cancellationToken))).ConfigureAwait(false);

    /// <summary>True when every live replica owns partitions and together they own each partition exactly once.</summary>
    public static bool Owned(IReadOnlyList<ConsumerView?> views, int partitions) =>
        views.All(v => v is { AssignedPartitions.Count: > 0 })
        && views.SelectMany(v => v!.AssignedPartitions).Order().SequenceEqual(Enumerable.Range(0, partitions));

    /// <summary>Waits until <see cref="Owned"/> holds; returns how long it took.</summary>
    public async Task<TimeSpan> WaitOwnedAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var views = await ViewsAsync().ConfigureAwait(false);
            if (Owned(views, _broker.Partitions))
            {
                return watch.Elapsed;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{GroupId}: the {_replicas.Count} replicas did not all own partitions within {timeout.TotalSeconds:0} s " +
                    $"({string.Join("; ", views.Select((v, i) => $"{_replicas[i].Name}: [{string.Join(",", v?.AssignedPartitions ?? [])}]"))})");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Next offset to process per partition, from the replicas that own it (the highest if two briefly do).</summary>
    public static IReadOnlyDictionary<int, long> Positions(IReadOnlyList<ConsumerView?> views)
    {
        var positions = new Dictionary<int, long>();
        foreach (var partition in views.Where(v => v is not null).SelectMany(v => v!.Partitions))
        {
            if (partition.Position is not { } position)
            {
                continue;
            }

            positions[partition.Partition] = positions.TryGetValue(partition.Partition, out var known) ? Math.Max(known, position) : position;
        }
        return positions;
    }

    /// <summary>Kills a replica (SIGKILL) and drops it from the group's live set.</summary>
    public void Kill(ConsumerReplica replica)
    {
        replica.Process.KillHard();
        _replicas.Remove(replica);
        replica.Dispose();
    }

    public void Dispose()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        _replicas.Clear();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(StoreDirectory, recursive: true); } catch (IOException) { }
    }
}
