using System.Text.Json.Serialization;

namespace OrdersAspire.GroupContracts.Reports;

/// <summary>Whether the member is working or saying goodbye (its last report before leaving the group).
/// JSON: <c>active</c> | <c>leaving</c>.</summary>
public enum ConsumerActivity
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("leaving")] Leaving,
}
