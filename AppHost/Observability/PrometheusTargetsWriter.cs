using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Observability;

/// <summary>Keeps Prometheus' file_sd targets in step with the running resources: one target per replica's own
/// HTTP endpoint (not the DCP proxy, which would round-robin scrapes across replicas), labelled with the service
/// name. Prometheus re-reads the file by itself.</summary>
internal sealed partial class PrometheusTargetsWriter(
    ResourceNotificationService notifications,
    string targetsFile,
    IReadOnlySet<string> services,
    string? scrapeHost,
    ILogger<PrometheusTargetsWriter> logger) : BackgroundService
{
    private readonly Dictionary<string, ScrapeTarget> _targets = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Write(); // an empty list at once, so Prometheus starts with a valid file
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!services.Contains(update.Resource.Name))
                {
                    continue;
                }
                // A replica that stops or crashes keeps its target, so Prometheus sees `up == 0` (the
                // ConsumerDown alert) rather than a series that silently disappears.
                if (update.Snapshot.State?.Text != KnownResourceStates.Running || TargetOf(update) is not { } target)
                {
                    continue;
                }

                if (_targets.TryGetValue(update.ResourceId, out var known) && known == target)
                {
                    continue;
                }

                _targets[update.ResourceId] = target;
                Write();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The replica's own address: ASPNETCORE_URLS as DCP gave it to that process.</summary>
    private ScrapeTarget? TargetOf(ResourceEvent update)
    {
        var urls = update.Snapshot.EnvironmentVariables.FirstOrDefault(e => e.Name == "ASPNETCORE_URLS")?.Value;
        var http = urls?.Split(';').FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (http is null || !Uri.TryCreate(http, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = scrapeHost ?? (uri.Host is "+" or "*" or "0.0.0.0" or "localhost" ? "127.0.0.1" : uri.Host);
        return new ScrapeTarget(update.Resource.Name, update.ResourceId, $"{host}:{uri.Port}");
    }

    private void Write()
    {
        var groups = _targets.Values.OrderBy(t => t.Service).ThenBy(t => t.Address).Select(t => new Dictionary<string, object>
        {
            ["targets"] = new[] { t.Address },
            ["labels"] = new Dictionary<string, string> { ["service"] = t.Service, ["replica"] = t.ResourceId },
        });
        var temp = targetsFile + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(groups, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, targetsFile, overwrite: true); // atomic: Prometheus never reads half a file
        LogTargets(_targets.Count, targetsFile);
    }

    [LoggerMessage(LogLevel.Debug, "Prometheus targets: {Count} written to {File}")]
    private partial void LogTargets(int count, string file);

    private sealed record ScrapeTarget(string Service, string ResourceId, string Address);
}
