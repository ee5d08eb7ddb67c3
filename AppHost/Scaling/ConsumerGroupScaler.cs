using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Changes how many replicas of a consumer group run, live: each group declares its maximum as Aspire
/// replicas and only some of them run; scaling starts or stops one replica at a time through Aspire's resource
/// commands, so nothing else restarts. A stop is a SIGTERM to the replica's service process (<see cref="ReplicaProcess"/>),
/// on which it finishes its batches, commits and leaves the group; DCP's stop then records it. Used by the dashboard's "Add replica" / "Remove replica" commands and by anything else in the
/// AppHost that scales a group.</summary>
public sealed partial class ConsumerGroupScaler
{
    /// <summary>How long one replica may take to start and report healthy (it may first wait for Kafka).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long one replica may take to stop: longer than the consumer's 30 s drain timeout.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly ScalableGroups _groups;
    private readonly ResourceCommandService _commands;
    private readonly ResourceNotificationService _notifications;
    private readonly ILogger<ConsumerGroupScaler> _logger;
    private readonly SemaphoreSlim _oneChangeAtATime = new(1, 1);

    internal ConsumerGroupScaler(ScalableGroups groups, ResourceCommandService commands, ResourceNotificationService notifications,
        ILogger<ConsumerGroupScaler> logger)
    {
        _groups = groups;
        _commands = commands;
        _notifications = notifications;
        _logger = logger;
    }

    /// <summary>How many of the group's replicas run now (starting, waiting for their dependencies, or running).</summary>
    public int RunningReplicas(string group) => ScalingPlan.Active(Instances(_groups.Get(group))).Count;

    /// <summary>The most replicas the group may run: <c>Topology:&lt;Group&gt;:MaxReplicas</c>, by default the
    /// topic's partition count.</summary>
    public int MaxReplicas(string group) => _groups.Get(group).Bounds.MaxReplicas;

    /// <summary>Starts or stops replicas, one at a time, until <paramref name="replicas"/> run; each started replica is
    /// healthy, and each stopped one has exited, before the next step. Refused (unchanged, with the reason) below 1 or
    /// above the group's maximum, which is never more than its partitions. Changes are serialised.</summary>
    public Task<ScaleResult> ScaleToAsync(string group, int replicas, string reason, CancellationToken cancellationToken) =>
        ScaleAsync(group, _ => replicas, reason, cancellationToken);

    /// <summary>One replica more or fewer than run when the change's turn comes (two clicks make two steps).</summary>
    internal Task<ScaleResult> ScaleByAsync(string group, int delta, string reason, CancellationToken cancellationToken) =>
        ScaleAsync(group, running => running + delta, reason, cancellationToken);

    private async Task<ScaleResult> ScaleAsync(string group, Func<int, int> target, string reason, CancellationToken cancellationToken)
    {
        var scalable = _groups.Get(group);
        await _oneChangeAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await scalable.InitialReplicasStarted.WaitAsync(cancellationToken).ConfigureAwait(false);
            var from = RunningReplicas(group);
            var to = target(from);
            if (ScalingPlan.Refusal(scalable.Bounds, to) is { } refusal)
            {
                LogRefused(group, from, to, reason, refusal);
                return new ScaleResult(false, from, refusal);
            }
            if (to == from)
            {
                return new ScaleResult(false, from, $"{group} already runs {Count(from)}.");
            }

            var steps = new List<string>();
            var running = from;
            while (running != to)
            {
                var instances = Instances(scalable);
                var failure = running < to
                    ? await StartOneAsync(scalable, ScalingPlan.NextToStart(instances), steps, cancellationToken).ConfigureAwait(false)
                    : await StopOneAsync(scalable, ScalingPlan.NextToStop(instances), steps, cancellationToken).ConfigureAwait(false);
                running = RunningReplicas(group);
                if (failure is not null)
                {
                    if (running != from)
                    {
                        LogChanged(group, from, running, reason);
                    }

                    LogStepFailed(group, from, to, running, failure);
                    return new ScaleResult(running != from, running,
                        $"{group}: scaling from {from} to {to} replicas stopped at {running}: {failure}");
                }
            }
            LogChanged(group, from, running, reason);
            return new ScaleResult(true, running, $"{group}: {from} → {Count(running)} ({string.Join("; ", steps)}).");
        }
        finally
        {
            _oneChangeAtATime.Release();
        }
    }

    /// <summary>Starts the replicas that run from the beginning, all at once (the others stay NotStarted), once Aspire
    /// has announced every declared replica and what the group waits for (<c>WaitFor</c>: Kafka) is healthy. An explicit
    /// start does not hold a replica back for its dependencies the way a normal start does: started earlier, a replica
    /// could come up before the Kafka connection string exists and exit.</summary>
    internal async Task StartInitialReplicasAsync(ScalableGroup group, CancellationToken cancellationToken)
    {
        try
        {
            await group.AllInstancesKnown.WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var dependency in group.Resource.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitUntilHealthy))
            {
                await _notifications.WaitForResourceHealthyAsync(dependency.Resource.Name, WaitBehavior.WaitOnResourceUnavailable, cancellationToken).ConfigureAwait(false);
            }

            var toStart = Instances(group).Where(i => ScalingPlan.IsStartable(i.State)).Take(group.InitialReplicas).ToList();
            var results = await Task.WhenAll(toStart.Select(i => _commands.ExecuteCommandAsync(i.Id, KnownResourceCommands.StartCommand, cancellationToken)))
                .ConfigureAwait(false);
            for (var i = 0; i < results.Length; i++)
            {
                if (!results[i].Success)
                {
                    LogInitialStartFailed(group.Name, toStart[i].Id, results[i].Message);
                }
            }
            LogInitialStarted(group.Name, results.Count(r => r.Success), group.Bounds.MaxReplicas);
        }
        finally
        {
            group.MarkInitialReplicasStarted();
        }
    }

    /// <summary>Waits until the replicas that run from the start were started and every running replica is healthy:
    /// what <c>WaitFor</c> means for a group whose further replicas are declared but not started.</summary>
    internal async Task WaitUntilRunningAsync(string group, CancellationToken cancellationToken)
    {
        var scalable = _groups.Get(group);
        await scalable.InitialReplicasStarted.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var instance in ScalingPlan.Active(Instances(scalable)))
        {
            await WaitForAsync(scalable, instance.Id, e => IsHealthy(e) || !ScalingPlan.IsActive(e.Snapshot.State?.Text), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> StartOneAsync(ScalableGroup group, ReplicaInstance? next, List<string> steps, CancellationToken cancellationToken)
    {
        if (next is null)
        {
            return "no declared replica is left to start";
        }

        var result = await _commands.ExecuteCommandAsync(next.Id, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return $"starting {next.Id} failed: {result.Message}";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            // Until the replica has been seen starting, its state may still be the last run's "Exited".
            var seenStarting = false;
            var started = await WaitForAsync(group, next.Id, e =>
            {
                seenStarting |= ScalingPlan.IsActive(e.Snapshot.State?.Text);
                return IsHealthy(e) || (seenStarting && IsStopped(e));
            }, timeout.Token).ConfigureAwait(false);
            if (IsStopped(started))
            {
                return $"{next.Id} stopped while starting ({started.Snapshot.State?.Text}, exit code {started.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})";
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{next.Id} was not healthy within {StartTimeout.TotalSeconds:0} s";
        }
        steps.Add($"started {next.Id}");
        return null;
    }

    private async Task<string?> StopOneAsync(ScalableGroup group, ReplicaInstance? next, List<string> steps, CancellationToken cancellationToken)
    {
        if (next is null)
        {
            return "no running replica is left to stop";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        ResourceEvent stopped;
        try
        {
            // SIGTERM to the service first, and wait for it to leave and exit; then DCP's stop records it (and ends
            // whatever is left). Where the service cannot be signalled, DCP's stop sends the SIGTERM.
            if (_notifications.TryGetCurrentState(next.Id, out var current) && ReplicaProcess.PidOf(current) is { } pid
                && ReplicaProcess.TrySignalTerminate(pid))
            {
                await WaitForAsync(group, next.Id, IsStopped, timeout.Token).ConfigureAwait(false);
            }

            var result = await _commands.ExecuteCommandAsync(next.Id, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                return $"stopping {next.Id} failed: {result.Message}";
            }

            stopped = await WaitForAsync(group, next.Id, IsStopped, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{next.Id} had not stopped within {StopTimeout.TotalSeconds:0} s";
        }
        // The host exits 0 after a SIGTERM it handled (batches finished, offsets committed, group left); anything else
        // means it was killed or crashed, and its uncommitted orders are redelivered to the survivors.
        steps.Add(stopped.Snapshot.ExitCode is 0 or null
            ? $"stopped {next.Id}, which committed and left the group"
            : $"stopped {next.Id}, exit code {stopped.Snapshot.ExitCode} (not a clean leave: its last orders are redelivered)");
        return null;
    }

    private Task<ResourceEvent> WaitForAsync(ScalableGroup group, string id, Func<ResourceEvent, bool> condition, CancellationToken cancellationToken) =>
        _notifications.WaitForResourceAsync(group.Name, e => e.ResourceId == id && condition(e), cancellationToken);

    private static bool IsHealthy(ResourceEvent e) =>
        e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy;

    private static bool IsStopped(ResourceEvent e) => ScalingPlan.HasStopped(e.Snapshot.State?.Text);

    private IReadOnlyList<ReplicaInstance> Instances(ScalableGroup group) =>
        [.. group.InstanceIds.Select(id => _notifications.TryGetCurrentState(id, out var current)
            ? ReplicaInstance.From(current)
            : new ReplicaInstance(id, null, null, null))];

    private static string Count(int replicas) => replicas == 1 ? "1 replica" : $"{replicas} replicas";

    [LoggerMessage(LogLevel.Information, "Scaled {Group} from {From} to {To} replicas ({Reason})")]
    private partial void LogChanged(string group, int from, int to, string reason);

    [LoggerMessage(LogLevel.Information, "Scaling {Group} from {From} to {To} replicas refused ({Reason}): {Refusal}")]
    private partial void LogRefused(string group, int from, int to, string reason, string refusal);

    [LoggerMessage(LogLevel.Warning, "Scaling {Group} from {From} to {To} replicas stopped at {Running}: {Failure}")]
    private partial void LogStepFailed(string group, int from, int to, int running, string failure);

    [LoggerMessage(LogLevel.Information, "{Group}: started {Started} of {Declared} declared replicas")]
    private partial void LogInitialStarted(string group, int started, int declared);

    [LoggerMessage(LogLevel.Error, "{Group}: starting replica {Replica} failed: {Message}")]
    private partial void LogInitialStartFailed(string group, string replica, string? message);
}
