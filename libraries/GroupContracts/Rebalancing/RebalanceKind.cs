using System.Text.Json.Serialization;

namespace OrdersAspire.GroupContracts.Rebalancing;

/// <summary>What a rebalance callback told this member. JSON: <c>assigned</c> | <c>revoked</c> | <c>lost</c>.</summary>
public enum RebalanceKind
{
    /// <summary>Partitions given to this member (the whole assignment when eager, the added ones when cooperative).</summary>
    [JsonStringEnumMemberName("assigned")] Assigned,

    /// <summary>Partitions taken away in an orderly rebalance: offsets can still be committed.</summary>
    [JsonStringEnumMemberName("revoked")] Revoked,

    /// <summary>Partitions lost without a rebalance (session timed out, fenced): others may own them already.</summary>
    [JsonStringEnumMemberName("lost")] Lost,
}
