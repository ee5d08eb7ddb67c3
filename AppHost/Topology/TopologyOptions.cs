using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Groups;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.GroupContracts.Scaling;

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

    public ConsumerGroupTopology OrderProcessors { get; set; } = ConsumerGroupTopology.From(GroupDefaults.OrderProcessors);
    public ConsumerGroupTopology Analytics { get; set; } = ConsumerGroupTopology.From(GroupDefaults.Analytics);

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

    public string AssignmentStrategy { get; set; } = AssignmentStrategies.RangeName;
    public string GroupProtocol { get; set; } = ConsumerGroupProtocols.ClassicName;

    /// <summary>Autoscaling by lag (off by default): passed to the analyzer, which decides; where enabled, the AppHost's
    /// autoscaler applies its decisions.</summary>
    public AutoscaleSettings Autoscale { get; set; } = new();

    /// <summary>A group's topology as its defaults declare it, before configuration is bound over it.</summary>
    public static ConsumerGroupTopology From(GroupDefaults defaults) => new()
    {
        Replicas = defaults.Replicas,
        AssignmentStrategy = defaults.AssignmentStrategy,
        GroupProtocol = defaults.GroupProtocol,
    };

    public int MaxReplicasFor(int partitions) => MaxReplicas ?? Math.Min(partitions, TopologyValidator.MaxReplicasLimit);
}
