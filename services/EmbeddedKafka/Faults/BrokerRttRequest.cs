using System.Text.Json.Serialization;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>Body of <c>POST /faults/brokers/{id}/rtt</c>: <c>{"milliseconds": 250}</c> (0 removes the delay).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BrokerRttRequest(int? Milliseconds)
{
    public const int MaxMilliseconds = 300_000;

    public void Validate(ValidationErrors errors) =>
        errors.RequiredInRange("milliseconds", Milliseconds, 0, MaxMilliseconds, out _);
}
