using OrdersAspire.AppHost.Topology;

namespace OrdersAspire.AppHost;

/// <summary>The settings every consumer-group service receives, in one place so Program.cs stays a diagram.</summary>
internal static class ServiceWiring
{
    public static IResourceBuilder<ProjectResource> WithConsumerGroup(
        this IResourceBuilder<ProjectResource> service, string groupId, ConsumerGroupTopology group,
        TopologyOptions topology, string dataDirectory) =>
        service
            .WithEnvironment("ConsumerGroup__GroupId", groupId)
            .WithEnvironment("ConsumerGroup__Topic", topology.Topic)
            .WithEnvironment("ConsumerGroup__DeadLetterTopic", topology.DeadLetterTopic)
            .WithEnvironment("ConsumerGroup__ReportsTopic", topology.ReportsTopic)
            .WithEnvironment("ConsumerGroup__AssignmentStrategy", group.AssignmentStrategy)
            .WithEnvironment("ConsumerGroup__GroupProtocol", group.GroupProtocol)
            // One SQLite file per group, shared by its replicas (WAL mode).
            .WithEnvironment("ConnectionStrings__effects", $"Data Source={Path.Combine(dataDirectory, groupId + ".db")}");

    /// <summary>A fresh folder per run unless Topology:DataDirectory names one: the embedded broker forgets
    /// everything when it stops, and so should the stores.</summary>
    public static string PrepareDataDirectory(this IDistributedApplicationBuilder builder, TopologyOptions topology)
    {
        var directory = string.IsNullOrWhiteSpace(topology.DataDirectory)
            ? Path.Combine(Path.GetTempPath(), "orders-aspire", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..6])
            : Path.GetFullPath(topology.DataDirectory, builder.AppHostDirectory);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
