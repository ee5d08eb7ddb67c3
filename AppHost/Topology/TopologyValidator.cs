using Microsoft.Extensions.Configuration;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.AppHost.Topology;

/// <summary>Refuses a topology that cannot run, naming the configuration key and the allowed values,
/// before any resource starts.</summary>
public static class TopologyValidator
{
    /// <summary>Replicas a group may declare: each is a process slot Aspire keeps, started or not.</summary>
    public const int MaxReplicasLimit = 32;

    public static IReadOnlyList<string> Validate(TopologyOptions topology)
    {
        var errors = new List<string>();
        const string s = TopologyOptions.SectionName;
        if (string.IsNullOrWhiteSpace(topology.Topic))
        {
            errors.Add($"{s}:Topic must not be empty");
        }

        if (topology.Partitions is < 1 or > 1000)
        {
            errors.Add($"{s}:Partitions = {topology.Partitions} is out of range; allowed 1..1000");
        }

        if (string.IsNullOrWhiteSpace(topology.DeadLetterTopic))
        {
            errors.Add($"{s}:DeadLetterTopic must not be empty");
        }

        if (string.IsNullOrWhiteSpace(topology.ReportsTopic))
        {
            errors.Add($"{s}:ReportsTopic must not be empty");
        }

        if (topology.LoadGeneratorPort is < 1 or > 65535)
        {
            errors.Add($"{s}:LoadGeneratorPort = {topology.LoadGeneratorPort} is not a TCP port");
        }

        ValidateGroup(errors, $"{s}:OrderProcessors", topology.OrderProcessors, topology.Partitions);
        ValidateGroup(errors, $"{s}:Analytics", topology.Analytics, topology.Partitions);
        return errors;
    }

    private static void ValidateGroup(List<string> errors, string key, ConsumerGroupTopology group, int partitions)
    {
        if (group.Replicas is < 1 or > MaxReplicasLimit)
        {
            errors.Add($"{key}:Replicas = {group.Replicas} is out of range; allowed 1..{MaxReplicasLimit}");
        }
        // Replicas ≤ MaxReplicas ≤ Partitions: a member beyond the partition count would own no partition and sit idle.
        var maxReplicas = group.MaxReplicasFor(partitions);
        if (group.MaxReplicas is { } max && (max < 1 || max > Math.Min(partitions, MaxReplicasLimit)))
        {
            errors.Add($"{key}:MaxReplicas = {max} is out of range; allowed 1..{Math.Min(partitions, MaxReplicasLimit)} " +
                $"(at most {s_partitionsKey} = {partitions}: a member beyond the partition count would own no partition and sit idle)");
        }
        else if (group.Replicas > maxReplicas)
        {
            errors.Add($"{key}:Replicas = {group.Replicas} is more than {key}:MaxReplicas = {maxReplicas}" +
                (group.MaxReplicas is null ? $" (by default the partition count, {s_partitionsKey} = {partitions}, at most {MaxReplicasLimit})" : ""));
        }
        // The names the services accept, read as they read them (GroupContracts).
        if (!AssignmentStrategies.TryParse(group.AssignmentStrategy, out _))
        {
            errors.Add($"{key}:AssignmentStrategy = '{group.AssignmentStrategy}' is not valid; allowed: {string.Join(", ", AssignmentStrategies.Names)}");
        }

        if (!ConsumerGroupProtocols.TryParse(group.GroupProtocol, out _))
        {
            errors.Add($"{key}:GroupProtocol = '{group.GroupProtocol}' is not valid; allowed: {string.Join(", ", ConsumerGroupProtocols.Names)}");
        }

        errors.AddRange(group.Autoscale.Validate(key + ":Autoscale"));
        if (group.Autoscale.Enabled)
        {
            errors.AddRange(AutoscaleBounds(key, group, partitions));
        }
    }

    /// <summary>The autoscaler's range against the group's: only where it is enabled (the advice uses the values
    /// either way, and they are checked above).</summary>
    private static IEnumerable<string> AutoscaleBounds(string groupKey, ConsumerGroupTopology group, int partitions)
    {
        var key = groupKey + ":Autoscale";
        var autoscale = group.Autoscale;
        var maxReplicas = group.MaxReplicasFor(partitions);
        if (autoscale.Max > maxReplicas)
        {
            yield return $"{key}:Max = {autoscale.Max} is more than the group can run: {groupKey}:MaxReplicas = {maxReplicas}"
                + (group.MaxReplicas is null ? $" (by default the partition count, {partitions})" : "");
        }
        if (group.Replicas < autoscale.Min || group.Replicas > autoscale.Max)
        {
            yield return $"{groupKey}:Replicas = {group.Replicas} (the starting count) must be within {key}:Min..Max = {autoscale.Min}..{autoscale.Max}";
        }
    }

    private static readonly string s_partitionsKey = $"{TopologyOptions.SectionName}:{nameof(TopologyOptions.Partitions)}";

    public static TopologyOptions Read(IConfiguration configuration)
    {
        var topology = new TopologyOptions();
        configuration.GetSection(TopologyOptions.SectionName).Bind(topology);
        var errors = Validate(topology);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid AppHost topology:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        return topology;
    }
}
