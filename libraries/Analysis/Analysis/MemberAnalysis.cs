using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analysis;

/// <summary>A member's share of the group: its partitions, lag, rates and share of the load (percent).</summary>
public sealed record MemberAnalysis(
    string MemberId,
    string Replica,
    string Host,
    string ClientId,
    string Strategy,
    string Protocol,
    IReadOnlyList<int> Partitions,
    long TotalLag,
    double IncomingRate,
    double ProcessingRate,
    double LoadSharePercent,
    DateTimeOffset ReportedAt,
    ConsumerCounters? Counters);
