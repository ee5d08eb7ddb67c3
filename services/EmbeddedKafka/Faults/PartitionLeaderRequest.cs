using System.Text.Json.Serialization;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>Body of <c>POST /faults/partition-leader</c>: <c>{"topic": "order-events", "partition": 0, "brokerId": 3}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PartitionLeaderRequest(string? Topic, int? Partition, int? BrokerId)
{
    public void Validate(ValidationErrors errors, IReadOnlyList<MockTopic> topics, int brokerCount)
    {
        MockTopic? topic = null;
        if (errors.RequiredText("topic", Topic, out var name) && (topic = topics.FirstOrDefault(t => t.Name == name)) is null)
        {
            errors.Add("topic", $"Topic '{name}' does not exist.");
        }

        errors.RequiredInRange("partition", Partition, 0, Math.Max(0, (topic?.Partitions ?? 1) - 1), out _);
        errors.RequiredInRange("brokerId", BrokerId, 1, brokerCount, out _);
    }
}
