namespace OrdersAspire.Analysis;

/// <summary>What one sample knows of a group's membership: the members and where they come from
/// (<see cref="Configuration.MembershipSources"/>: <c>admin</c>, <c>reports</c>, or <c>unknown</c> when neither the
/// broker nor any report says), whether the group publishes reports at all (the signals that need them are unknown
/// otherwise) and, when the broker described it, the group's state and protocol as the broker gives them.</summary>
public sealed record GroupMembership(
    string Source,
    IReadOnlyList<MemberInput> Members,
    bool HasReports,
    string? BrokerState = null,
    string? BrokerProtocol = null)
{
    public const string Unknown = "unknown";

    public bool MembersKnown => Source != Unknown;
}
