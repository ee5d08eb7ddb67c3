using Microsoft.Extensions.Hosting;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Learns each scalable group's replica ids as Aspire announces them, and starts the replicas that run from
/// the beginning (the others stay NotStarted until a scale-up).</summary>
internal sealed class LiveScalingService(ScalableGroups groups, ConsumerGroupScaler scaler, ResourceNotificationService notifications)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var initialStarts = groups.All.Select(group => scaler.StartInitialReplicasAsync(group, stoppingToken)).ToList();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
                groups.Find(update.Resource.Name)?.Observe(update.ResourceId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try { await Task.WhenAll(initialStarts).ConfigureAwait(false); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
