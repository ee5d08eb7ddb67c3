namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>How a classic-protocol group spreads partitions over its members. Configured as
/// <c>range</c> | <c>roundrobin</c> | <c>cooperative-sticky</c> (see <see cref="AssignmentStrategies"/>).</summary>
public enum AssignmentStrategy
{
    /// <summary>Contiguous blocks per topic; the first members (by member id) get one extra partition.</summary>
    Range,

    /// <summary>Partitions dealt one at a time to members in member-id order.</summary>
    RoundRobin,

    /// <summary>Balanced like round robin, then moves only what must move; incremental (cooperative) rebalances.</summary>
    CooperativeSticky,
}
