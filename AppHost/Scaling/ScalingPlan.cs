namespace OrdersAspire.AppHost.Scaling;

/// <summary>The decisions of live scaling, without Aspire: which replicas count as running, whether a target is
/// allowed, and which replica to start or stop next.</summary>
public static class ScalingPlan
{
    /// <summary>States of a replica that was started and has not stopped: it is, or is about to be, a group member.</summary>
    private static readonly HashSet<string> ActiveStates = new(StringComparer.Ordinal)
    {
        KnownResourceStates.Starting, KnownResourceStates.Waiting, KnownResourceStates.Running, KnownResourceStates.Building,
    };

    /// <summary>States from which a replica can be started again (never started, or stopped one way or another).</summary>
    private static readonly HashSet<string> StartableStates = new(StringComparer.Ordinal)
    {
        KnownResourceStates.NotStarted, KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart,
    };

    private static readonly HashSet<string> StoppedStates = new(StringComparer.Ordinal)
    {
        KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart,
    };

    public static bool IsActive(string? state) => state is not null && ActiveStates.Contains(state);

    public static bool IsStartable(string? state) => state is null || StartableStates.Contains(state);

    /// <summary>A replica that ran and is gone: stopped, exited or never came up. (While DCP replaces a replica's
    /// object it may briefly report no state at all; that is not a stop.)</summary>
    public static bool HasStopped(string? state) => state is not null && StoppedStates.Contains(state);

    public static IReadOnlyList<ReplicaInstance> Active(IEnumerable<ReplicaInstance> instances) => [.. instances.Where(i => IsActive(i.State))];

    /// <summary>Why <paramref name="target"/> replicas are not allowed, or null when they are.</summary>
    public static string? Refusal(ScalingBounds bounds, int target)
    {
        if (target < 1)
        {
            return $"{bounds.Group} cannot run {target} replicas: 1 is the minimum (stop the resource to stop the whole group).";
        }

        if (target > bounds.Partitions)
        {
            return $"{bounds.Group} cannot run {target} replicas: {bounds.Topic} has {bounds.Partitions} partitions, so a member " +
                $"beyond the {Ordinal(bounds.Partitions)} would own no partition and sit idle (maximum {bounds.MaxReplicas}, {bounds.ConfigurationKey}:MaxReplicas).";
        }

        if (target > bounds.MaxReplicas)
        {
            return $"{bounds.Group} cannot run {target} replicas: its maximum is {bounds.MaxReplicas} ({bounds.ConfigurationKey}:MaxReplicas; " +
                $"{bounds.Topic} has {bounds.Partitions} partitions).";
        }

        return null;
    }

    /// <summary>The replica to start for one more member: one never started first, else the one stopped longest ago;
    /// ties by id, so the choice is stable.</summary>
    public static ReplicaInstance? NextToStart(IEnumerable<ReplicaInstance> instances) =>
        instances
            .Where(i => IsStartable(i.State))
            .OrderBy(i => i.State == KnownResourceStates.NotStarted || i.StartedAt is null ? 0 : 1)
            .ThenBy(i => i.StartedAt ?? DateTime.MinValue)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The replica to stop for one member fewer: the most recently added, so the longest-running members keep
    /// their partitions. One still starting (no process start time yet) is the newest of all.</summary>
    public static ReplicaInstance? NextToStop(IEnumerable<ReplicaInstance> instances) =>
        Active(instances)
            .OrderByDescending(i => i.StartedAt ?? DateTime.MaxValue)
            .ThenByDescending(i => i.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
