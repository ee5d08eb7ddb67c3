using System.Text.Json.Serialization;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>Body of <c>POST /faults/coordinator</c>: <c>{"keyType": "group" | "transaction", "key": "orders", "brokerId": 2}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CoordinatorRequest(string? KeyType, string? Key, int? BrokerId)
{
    public static readonly IReadOnlyList<string> KeyTypes = ["group", "transaction"];

    public void Validate(ValidationErrors errors, int brokerCount)
    {
        if (errors.RequiredText("keyType", KeyType, out var keyType) && !KeyTypes.Contains(keyType))
        {
            errors.Add("keyType", $"'keyType' must be one of {string.Join(", ", KeyTypes)} (was '{keyType}').");
        }

        errors.RequiredText("key", Key, out _);
        errors.RequiredInRange("brokerId", BrokerId, 1, brokerCount, out _);
    }
}
