namespace OrdersAspire.AppHost.Scaling;

/// <summary>One of a group's declared replicas as Aspire last reported it: its resource id (e.g.
/// <c>order-processors-abcd1234</c>), state, when its process started and its exit code once it stopped.</summary>
public sealed record ReplicaInstance(string Id, string? State, DateTime? StartedAt, int? ExitCode)
{
    public static ReplicaInstance From(ResourceEvent resourceEvent) => new(
        resourceEvent.ResourceId,
        resourceEvent.Snapshot.State?.Text,
        resourceEvent.Snapshot.StartTimeStamp,
        resourceEvent.Snapshot.ExitCode);
}
