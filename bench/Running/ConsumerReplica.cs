using System.Net.Http.Json;
using System.Text.Json;
using OrdersAspire.ConsumerGroups.Consumer;

namespace OrdersAspire.Bench.Running;

/// <summary>One replica of a consumer-group service (order-processors or analytics) run as a process, and its HTTP API:
/// <c>/api/consumer</c> (membership, positions) and, for order-processors, <c>/api/processed-orders/stats</c>.</summary>
public sealed class ConsumerReplica : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    private ConsumerReplica(ServiceProcess process, Uri baseUri)
    {
        Process = process;
        BaseUri = baseUri;
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public ServiceProcess Process { get; }
    public Uri BaseUri { get; }
    public string Name => Process.Name;

    /// <summary>Starts the service's built dll (optionally pinned to <paramref name="cpu"/>) and waits until it listens.</summary>
    public static async Task<ConsumerReplica> StartAsync(string dll, string name, IReadOnlyDictionary<string, string?> environment, int? cpu = null)
    {
        var process = ServiceProcess.StartDll(dll, name, environment, cpu);
        try
        {
            return new ConsumerReplica(process, await process.WaitForAddressAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The replica's view of its membership and progress; null while it does not answer.</summary>
    public async Task<ConsumerView?> ConsumerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _http.GetFromJsonAsync<ConsumerView>("/api/consumer", Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>order-processors only: orders in the group's store and duplicates it absorbed (over all partitions).</summary>
    public async Task<(long Processed, long DuplicatesAbsorbed)?> StatsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var stats = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/api/processed-orders/stats", UriKind.Relative), cancellationToken).ConfigureAwait(false));
            return (stats.RootElement.GetProperty("processed").GetInt64(), stats.RootElement.GetProperty("duplicatesAbsorbed").GetInt64());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Process.Dispose();
    }
}
