using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analysis;

/// <summary>A live member of a group as a membership source sees it. <see cref="Counters"/> is null when the source
/// does not know them (the Admin API).</summary>
public sealed record MemberInput(
    string MemberId,
    string Replica,
    string Host,
    string ClientId,
    string Strategy,
    string Protocol,
    IReadOnlyList<int> Partitions,
    ConsumerCounters? Counters,
    DateTimeOffset ReportedAt);
