using Microsoft.Extensions.Hosting;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Learns each scalable group's replica ids as Aspire announces them, and starts the replicas that run from
/// the beginning (the others stay NotStarted until a scale-up). Started at <see cref="BeforeStartEvent"/>, not as a
/// hosted service: hosted services added by the AppHost start only after Aspire has created every resource, and a
/// resource waiting for a group (<see cref="LiveScalingExtensions.WaitForReplicas"/>) is created only once this ran.</summary>
internal sealed class LiveScalingService(ScalableGroups groups, ConsumerGroupScaler scaler, ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private Task _running = Task.CompletedTask;

    public void Start() => _running = RunAsync(_stopping.Token);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var initialStarts = groups.All.Select(group => scaler.StartInitialReplicasAsync(group, stoppingToken)).ToList();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                groups.Find(update.Resource.Name)?.Observe(update.ResourceId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try { await Task.WhenAll(initialStarts).ConfigureAwait(false); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
