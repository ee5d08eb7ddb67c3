using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.GroupContracts.Groups;

/// <summary>
/// One of the system's consumer groups and what it runs with unless configured otherwise, declared once: the service
/// that is the group starts from it, the AppHost's topology defaults to it and names the group to the analyzer by it.
/// </summary>
public sealed record GroupDefaults(string GroupId, string AssignmentStrategy, string GroupProtocol, int Replicas)
{
    /// <summary>order-processors: range assignment (Kafka's default), three replicas.</summary>
    public static readonly GroupDefaults OrderProcessors =
        new("order-processors", AssignmentStrategies.RangeName, ConsumerGroupProtocols.ClassicName, Replicas: 3);

    /// <summary>analytics: its aggregates are partition-local state, so cooperative-sticky keeps partitions where they
    /// are on a rebalance; two replicas.</summary>
    public static readonly GroupDefaults Analytics =
        new("analytics", AssignmentStrategies.CooperativeStickyName, ConsumerGroupProtocols.ClassicName, Replicas: 2);

    /// <summary>Every group of the system, in the order the analyzer lists them.</summary>
    public static readonly IReadOnlyList<GroupDefaults> All = [OrderProcessors, Analytics];
}
