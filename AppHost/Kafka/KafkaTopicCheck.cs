namespace OrdersAspire.AppHost.Kafka;

/// <summary>What a cluster's topics lack for the system: each needed topic that is missing, reports an error, or has
/// another partition count than the system needs. Pure: the health check gathers the cluster's topics.</summary>
public static class KafkaTopicCheck
{
    /// <summary>A topic as the cluster describes it: its partition count, or the error it reported.</summary>
    public sealed record ClusterTopic(string Name, int Partitions, string? Error = null);

    /// <summary>One line per problem, naming the topic; empty when every needed topic is there as needed.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<KafkaTopic> needed, IReadOnlyCollection<ClusterTopic> cluster)
    {
        var problems = new List<string>();
        foreach (var topic in needed)
        {
            var found = cluster.FirstOrDefault(t => t.Name == topic.Name);
            if (found is null || found.Error is "UnknownTopicOrPart")
            {
                problems.Add($"topic '{topic.Name}' is missing ({topic.Partitions} partitions needed)");
            }
            else if (found.Error is not null)
            {
                problems.Add($"topic '{topic.Name}' reports {found.Error}");
            }
            else if (found.Partitions != topic.Partitions)
            {
                problems.Add($"topic '{topic.Name}' has {found.Partitions} partitions, {topic.Partitions} needed");
            }
        }
        return problems;
    }

    /// <summary>The needed topics that are missing altogether (candidates for creation).</summary>
    public static IReadOnlyList<KafkaTopic> Missing(IReadOnlyList<KafkaTopic> needed, IReadOnlyCollection<ClusterTopic> cluster) =>
        [.. needed.Where(topic => cluster.FirstOrDefault(t => t.Name == topic.Name) is null or { Error: "UnknownTopicOrPart" })];
}
