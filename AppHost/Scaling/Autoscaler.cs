using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Applies the analyzer's autoscale decisions: every <see cref="PollInterval"/>, for each group with autoscaling
/// enabled, reads <c>GET /api/groups/{group}/autoscale</c> and, when the analyzer sees as many members as run and wants one
/// more or one fewer, takes that step through <see cref="ConsumerGroupScaler"/>. The rule itself lives in the analyzer
/// (one rule for the decision, the advice and the page); this only acts.</summary>
internal sealed partial class Autoscaler(
    IReadOnlyList<string> groups,
    Func<Uri?> analyzerUrl,
    ConsumerGroupScaler scaler,
    TimeProvider time,
    ILogger<Autoscaler> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(groups.Select(group => RunAsync(group, stoppingToken)));

    private async Task RunAsync(string group, CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timer = new PeriodicTimer(PollInterval, time);
        string? lastWait = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (analyzerUrl() is not { } baseUrl)
                {
                    continue; // the analyzer's endpoint is not allocated yet
                }

                AutoscalerStep.Decision? decision;
                try
                {
                    using var response = await http.GetAsync(new Uri(baseUrl, $"/api/groups/{Uri.EscapeDataString(group)}/autoscale"), stoppingToken).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        continue; // starting, or not sampled yet
                    }

                    decision = (await response.Content.ReadFromJsonAsync<AutoscalerStep.Status>(Json, stoppingToken).ConfigureAwait(false))?.Latest;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !stoppingToken.IsCancellationRequested)
                {
                    LogUnreachable(group, ex.Message);
                    continue;
                }
                if (decision is null)
                {
                    continue;
                }

                var (scaleTo, why) = AutoscalerStep.Next(decision, scaler.RunningReplicas(group), time.GetUtcNow());
                if (scaleTo is not { } replicas)
                {
                    if (why != lastWait)
                    {
                        LogWaiting(group, why);
                    }

                    lastWait = why;
                    continue;
                }
                lastWait = null;
                var result = await scaler.ScaleToAsync(group, replicas, $"autoscale: {decision.Reason}", stoppingToken).ConfigureAwait(false);
                LogApplied(group, decision.Action, decision.Current, replicas, result.Changed, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Autoscale {Group}: {Action} {Current} → {Replicas}: changed {Changed}; {Message}")]
    private partial void LogApplied(string group, string action, int? current, int replicas, bool changed, string message);

    [LoggerMessage(LogLevel.Debug, "Autoscale {Group}: no step ({Why})")]
    private partial void LogWaiting(string group, string why);

    [LoggerMessage(LogLevel.Debug, "Autoscale {Group}: analyzer unreachable: {Reason}")]
    private partial void LogUnreachable(string group, string reason);
}
