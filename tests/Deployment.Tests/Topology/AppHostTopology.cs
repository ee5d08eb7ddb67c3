using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Topology;

/// <summary>The system's shape as the AppHost declares it, read from its own files: the Topology section of
/// AppHost/appsettings.json (topics, partitions, and per consumer group its replicas, strategy, protocol and
/// autoscaling), and from AppHost/Program.cs the partition counts of the topics it creates. The manifests must agree
/// with these, not with a copy. Each consumer group's id and resource name is its Topology section's name in kebab case
/// (OrderProcessors → order-processors), as the AppHost names them.</summary>
public sealed partial record AppHostTopology(
    string Topic,
    int Partitions,
    string DeadLetterTopic,
    string ReportsTopic,
    int LoadGeneratorPort,
    IReadOnlyDictionary<string, int> TopicPartitions,
    IReadOnlyList<AppHostTopology.ConsumerGroup> ConsumerGroups,
    IReadOnlyDictionary<string, string> ProjectsByResource)
{
    /// <summary>The service projects deployed to Kubernetes: all the AppHost runs but the embedded broker, which a
    /// Strimzi cluster replaces.</summary>
    public static readonly IReadOnlyList<string> DeployedProjects = ["LoadGenerator", "OrderProcessors", "Analytics", "Analyzer"];

    /// <summary>The resource names of the deployed projects (the Deployments' names).</summary>
    public IReadOnlyList<string> Projects => [.. ProjectsByResource.Keys];

    public sealed record ConsumerGroup(string GroupId, string Section, int Replicas, string AssignmentStrategy, string GroupProtocol, Autoscale Autoscale);

    /// <summary>Topology:{group}:Autoscale, the local autoscaler's settings.</summary>
    public sealed record Autoscale(bool Enabled, int Min, int Max, int LagThreshold, int ActivationLagThreshold, int CooldownSeconds);

    public static AppHostTopology Read()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(DeployPaths.AppHostSettings),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var topology = settings.RootElement.GetProperty("Topology");
        var program = File.ReadAllText(DeployPaths.AppHostProgram);

        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Topic"] = topology.GetProperty("Topic").GetString()!,
            ["DeadLetterTopic"] = topology.GetProperty("DeadLetterTopic").GetString()!,
            ["ReportsTopic"] = topology.GetProperty("ReportsTopic").GetString()!,
        };
        var partitions = topology.GetProperty("Partitions").GetInt32();

        var topics = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match topic in TopicDeclaration().Matches(program))
        {
            var count = topic.Groups["count"].Value;
            topics[names[topic.Groups["name"].Value]] = count == "topology.Partitions" ? partitions : int.Parse(count, CultureInfo.InvariantCulture);
        }
        if (topics.Count == 0)
        {
            throw new FormatException($"{DeployPaths.AppHostProgram}: no 'new KafkaTopic(topology.X, N)' found; the tests read the topics from there");
        }

        // A consumer group's section is the one with an assignment strategy.
        var groups = topology.EnumerateObject()
            .Where(section => section.Value.ValueKind == JsonValueKind.Object && section.Value.TryGetProperty("AssignmentStrategy", out _))
            .Select(section => ReadGroup(KebabCase(section.Name), section.Name, topology))
            .ToList();
        if (groups.Count == 0)
        {
            throw new FormatException($"{DeployPaths.AppHostSettings}: no consumer group section (with AssignmentStrategy) under Topology");
        }

        var projects = DeployedProjects.ToDictionary(KebabCase, project => project, StringComparer.Ordinal);

        return new AppHostTopology(names["Topic"], partitions, names["DeadLetterTopic"], names["ReportsTopic"],
            topology.GetProperty("LoadGeneratorPort").GetInt32(), topics, groups, projects);
    }

    private static ConsumerGroup ReadGroup(string groupId, string section, JsonElement topology)
    {
        var group = topology.GetProperty(section);
        var autoscale = group.TryGetProperty("Autoscale", out var a)
            ? a
            : throw new FormatException($"{DeployPaths.AppHostSettings}: Topology:{section}:Autoscale is missing");
        return new ConsumerGroup(groupId, section,
            group.GetProperty("Replicas").GetInt32(),
            group.GetProperty("AssignmentStrategy").GetString()!,
            group.GetProperty("GroupProtocol").GetString()!,
            new Autoscale(
                autoscale.GetProperty("Enabled").GetBoolean(),
                autoscale.GetProperty("Min").GetInt32(),
                autoscale.GetProperty("Max").GetInt32(),
                autoscale.GetProperty("LagThreshold").GetInt32(),
                autoscale.GetProperty("ActivationLagThreshold").GetInt32(),
                autoscale.GetProperty("CooldownSeconds").GetInt32()));
    }

    /// <summary>OrderProcessors → order-processors.</summary>
    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    [GeneratedRegex(@"new\s+KafkaTopic\(\s*topology\.(?<name>\w+)\s*,\s*(?<count>topology\.Partitions|\d+)\s*\)")]
    private static partial Regex TopicDeclaration();
}
