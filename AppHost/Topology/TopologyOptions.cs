namespace OrdersAspire.AppHost.Topology;

/// <summary>The shape of the system, read from the AppHost's <c>Topology</c> section: edit a number in
/// appsettings.json (or pass <c>--Topology:OrderProcessors:Replicas=6</c>) and run again.</summary>
public sealed class TopologyOptions
{
    public const string SectionName = "Topology";

    public string Topic { get; set; } = "order-events";
    public int Partitions { get; set; } = 6;
    public string DeadLetterTopic { get; set; } = "order-events.dlt";
    public string ReportsTopic { get; set; } = "consumer-group-reports";
    public int LoadGeneratorPort { get; set; } = 8090;

    public ConsumerGroupTopology OrderProcessors { get; set; } = new() { Replicas = 3, AssignmentStrategy = "range" };
    public ConsumerGroupTopology Analytics { get; set; } = new() { Replicas = 2, AssignmentStrategy = "cooperative-sticky" };

    /// <summary>Where the effect stores (SQLite, a directory per group) live, kept across runs; empty means a fresh
    /// folder per run removed at stop with the embedded broker (which forgets everything), and a fixed folder per mode
    /// under local application data with a container or external cluster (which keeps committed offsets); see
    /// <see cref="DataDirectoryPlan"/>.</summary>
    public string DataDirectory { get; set; } = "";
}

public sealed class ConsumerGroupTopology
{
    public int Replicas { get; set; } = 1;

    /// <summary>The most replicas the group may be scaled to while it runs (the dashboard's "Add replica"); empty means
    /// the topic's partition count, at most <see cref="TopologyValidator.MaxReplicasLimit"/>.</summary>
    public int? MaxReplicas { get; set; }

    public string AssignmentStrategy { get; set; } = "range";
    public string GroupProtocol { get; set; } = "classic";

    /// <summary>Autoscaling by lag (off by default).</summary>
    public AutoscaleTopology Autoscale { get; set; } = new();

    public int MaxReplicasFor(int partitions) => MaxReplicas ?? Math.Min(partitions, TopologyValidator.MaxReplicasLimit);
}
