using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.GroupContracts.Reports;

/// <summary>What each consumer publishes to the reports topic every ReportIntervalMs (and once more, as
/// <see cref="ConsumerActivity.Leaving"/>, when it stops). The analyzer builds the group's picture from these, since
/// the embedded broker cannot describe groups. JSON is camelCase (<see cref="ConsumerReportJsonContext"/>); add fields,
/// never rename them, and raise <see cref="CurrentSchemaVersion"/> on a breaking change.</summary>
public sealed record ConsumerReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string GroupId { get; init; }
    /// <summary>The broker-assigned member id; null before the first join completes.</summary>
    public string? MemberId { get; init; }
    public required string ReplicaId { get; init; }
    public required string Host { get; init; }
    public required int Pid { get; init; }
    public required string ClientId { get; init; }
    public required string Topic { get; init; }
    /// <summary>Configured strategy name: range | roundrobin | cooperative-sticky.</summary>
    public required string Strategy { get; init; }
    /// <summary>Group protocol: classic | consumer.</summary>
    public required string Protocol { get; init; }
    public required IReadOnlyList<int> AssignedPartitions { get; init; }
    public IReadOnlyList<RebalanceEvent> RecentRebalances { get; init; } = [];
    public IReadOnlyList<PartitionReport> Partitions { get; init; } = [];
    public required ConsumerCounters Counters { get; init; }
    public required ConsumerActivity State { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, ConsumerReportJsonContext.Default.ConsumerReport);

    /// <summary>Reads a report; false with a reason for malformed JSON or a report missing required fields.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out ConsumerReport? report, [NotNullWhen(false)] out string? error)
    {
        try
        {
            report = JsonSerializer.Deserialize(json, ConsumerReportJsonContext.Default.ConsumerReport);
            error = report is null ? "report is JSON null" : null;
        }
        catch (JsonException ex)
        {
            report = null;
            error = $"malformed consumer report: {ex.Message}";
        }
        return report is not null;
    }
}
