using Microsoft.Extensions.Configuration;

namespace OrdersAspire.AppHost.Topology;

/// <summary>Refuses a topology that cannot run, naming the configuration key and the allowed values,
/// before any resource starts.</summary>
public static class TopologyValidator
{
    public static readonly IReadOnlyList<string> Strategies = ["range", "roundrobin", "cooperative-sticky"];
    public static readonly IReadOnlyList<string> Protocols = ["classic", "consumer"];

    public static IReadOnlyList<string> Validate(TopologyOptions topology)
    {
        var errors = new List<string>();
        const string s = TopologyOptions.SectionName;
        if (string.IsNullOrWhiteSpace(topology.Topic)) errors.Add($"{s}:Topic must not be empty");
        if (topology.Partitions is < 1 or > 1000) errors.Add($"{s}:Partitions = {topology.Partitions} is out of range; allowed 1..1000");
        if (string.IsNullOrWhiteSpace(topology.DeadLetterTopic)) errors.Add($"{s}:DeadLetterTopic must not be empty");
        if (string.IsNullOrWhiteSpace(topology.ReportsTopic)) errors.Add($"{s}:ReportsTopic must not be empty");
        if (topology.LoadGeneratorPort is < 1 or > 65535) errors.Add($"{s}:LoadGeneratorPort = {topology.LoadGeneratorPort} is not a TCP port");
        ValidateGroup(errors, $"{s}:OrderProcessors", topology.OrderProcessors);
        ValidateGroup(errors, $"{s}:Analytics", topology.Analytics);
        return errors;
    }

    private static void ValidateGroup(List<string> errors, string key, ConsumerGroupTopology group)
    {
        if (group.Replicas is < 1 or > 32)
            errors.Add($"{key}:Replicas = {group.Replicas} is out of range; allowed 1..32");
        if (!Strategies.Contains(group.AssignmentStrategy, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{key}:AssignmentStrategy = '{group.AssignmentStrategy}' is not valid; allowed: {string.Join(", ", Strategies)}");
        if (!Protocols.Contains(group.GroupProtocol, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{key}:GroupProtocol = '{group.GroupProtocol}' is not valid; allowed: {string.Join(", ", Protocols)}");
    }

    public static TopologyOptions Read(IConfiguration configuration)
    {
        var topology = new TopologyOptions();
        configuration.GetSection(TopologyOptions.SectionName).Bind(topology);
        var errors = Validate(topology);
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid AppHost topology:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        return topology;
    }
}
