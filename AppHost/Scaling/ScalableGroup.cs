using System.Collections.Concurrent;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>A consumer group that scales live: its project resource (declared with <see cref="ScalingBounds.MaxReplicas"/>
/// replicas, started explicitly), how many run at start, and the replicas' resource ids as Aspire announces them.</summary>
internal sealed class ScalableGroup(IResource resource, int initialReplicas, ScalingBounds bounds)
{
    private readonly ConcurrentDictionary<string, bool> _instanceIds = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allInstancesKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialReplicasStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => resource.Name;
    public IResource Resource => resource;
    public int InitialReplicas => initialReplicas;
    public ScalingBounds Bounds => bounds;

    public IReadOnlyList<string> InstanceIds => [.. _instanceIds.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Completes once every declared replica has been announced (each in state NotStarted at first).</summary>
    public Task AllInstancesKnown => _allInstancesKnown.Task;

    /// <summary>Completes once the replicas that run from the start were started (or failed to).</summary>
    public Task InitialReplicasStarted => _initialReplicasStarted.Task;

    public void Observe(string resourceId)
    {
        // With replicas, every event names an instance; the bare resource name is not one.
        if (bounds.MaxReplicas > 1 && resourceId == resource.Name)
        {
            return;
        }

        _instanceIds.TryAdd(resourceId, true);
        if (_instanceIds.Count >= bounds.MaxReplicas)
        {
            _allInstancesKnown.TrySetResult();
        }
    }

    public void MarkInitialReplicasStarted() => _initialReplicasStarted.TrySetResult();
}
