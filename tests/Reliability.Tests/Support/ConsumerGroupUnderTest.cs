using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OrdersAspire.Testing.Stores;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>One consumer group of a test world: which service runs it, its group id, its SQLite store (a directory with
/// one file per partition), and every replica process started for it (alive or killed, so their output stays
/// readable).</summary>
public sealed class ConsumerGroupUnderTest(string service, string groupId, string storeDirectory, string effectsTable)
{
    private readonly List<ServiceProcess> _replicas = [];
    private readonly Dictionary<ServiceProcess, Uri> _addresses = [];
    private int _replicaNumber;

    public string Service { get; } = service;
    public string GroupId { get; } = groupId;
    public string StoreDirectory { get; } = storeDirectory;
    /// <summary>Reads the store's partition files directly, as a verifier outside the service.</summary>
    public StoreFiles Store => new(StoreDirectory);
    /// <summary>The table holding one row per applied order (its primary key is the order id).</summary>
    public string EffectsTable { get; } = effectsTable;
    public IReadOnlyList<ServiceProcess> Replicas
    {
        get
        {
            lock (_lock)
            {
                return [.. _replicas];
            }
        }
    }

    public IReadOnlyList<ServiceProcess> Live => [.. Replicas.Where(r => !r.HasExited)];

    internal string NextReplicaId() => $"{Service.ToLowerInvariant()}-{++_replicaNumber}";

    private readonly Lock _lock = new();

    internal void Add(ServiceProcess replica, Uri address)
    {
        lock (_lock)
        {
            _replicas.Add(replica);
            _addresses[replica] = address;
        }
    }

    public Uri Address(ServiceProcess replica)
    {
        lock (_lock)
        {
            return _addresses[replica];
        }
    }

    /// <summary>Every order id the store has applied, over all partitions, sorted; duplicates would be impossible rows
    /// (the store dedupes by order id), so "exactly once" is: this list equals the produced ids.</summary>
    public Task<IReadOnlyList<string>> AppliedOrderIdsAsync() => Store.OrderIdsAsync(EffectsTable);

    public Task<long> AppliedCountAsync() => Store.CountAsync(EffectsTable);

    /// <summary>Redeliveries the idempotent store recognised and did not apply again.</summary>
    public Task<long> DuplicatesAbsorbedAsync() => Store.CountersAsync();

    /// <summary>Analytics only: the orders counted and revenue summed in the aggregates (a double-applied order
    /// would show here even though analytics_seen cannot hold it twice).</summary>
    public async Task<(long Orders, decimal Revenue)> AggregatedAsync()
    {
        var buckets = await Store.QueryAsync("SELECT orders, revenue FROM analytics_buckets",
            r => (Orders: r.GetInt64(0), Revenue: decimal.Parse(r.GetString(1), CultureInfo.InvariantCulture)));
        return (buckets.Sum(b => b.Orders), buckets.Sum(b => b.Revenue));
    }

    /// <summary>Waits until the store holds <paramref name="expected"/> orders; fails with the last count seen.</summary>
    public Task<long> WaitForAppliedAsync(long expected, TimeSpan timeout) =>
        Eventually.ResultAsync(AppliedCountAsync, count => count >= expected, timeout, $"{expected} orders in {GroupId}'s store",
            TimeSpan.FromMilliseconds(200));

    /// <summary>Each live replica's assigned partitions, by replica name, as its <c>/api/consumer</c> reports them.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> AssignmentsAsync(HttpClient http)
    {
        var assignments = new SortedDictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var replica in Live)
        {
            assignments[replica.Name] = [.. (await ConsumerViewAsync(http, replica)).GetProperty("assignedPartitions").EnumerateArray().Select(p => p.GetInt32())];
        }

        return assignments;
    }

    /// <summary>A counter of the replica's Prometheus /metrics, summed over the series whose labels contain
    /// <paramref name="labelFilter"/> (e.g. <c>result="failure"</c>).</summary>
    public async Task<double> MetricAsync(HttpClient http, ServiceProcess replica, string name, string labelFilter)
    {
        var text = await http.GetStringAsync(new Uri(Address(replica), "/metrics"));
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) || !line.Contains(labelFilter, StringComparison.Ordinal))
            {
                continue;
            }

            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>GET /api/consumer of one live replica.</summary>
    public async Task<JsonElement> ConsumerViewAsync(HttpClient http, ServiceProcess replica) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri(Address(replica), "/api/consumer"));

    /// <summary>Sum of one numeric field of /api/consumer over the live replicas.</summary>
    public async Task<long> SumOverLiveAsync(HttpClient http, string field)
    {
        long sum = 0;
        foreach (var replica in Live)
        {
            sum += (await ConsumerViewAsync(http, replica)).GetProperty(field).GetInt64();
        }

        return sum;
    }
}
