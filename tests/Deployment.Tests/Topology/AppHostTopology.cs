using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Topology;

/// <summary>The system's shape as the AppHost declares it, read from its own files: the Topology section of
/// AppHost/appsettings.json, and from AppHost/Program.cs the topics it creates and the consumer groups it wires
/// (group id → its Topology section), and the projects it runs (resource name → project). The manifests must agree with these, not with a copy.</summary>
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
    /// <summary>The resource names of the projects the AppHost runs (the Deployments' names).</summary>
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
            throw new FormatException($"{DeployPaths.AppHostProgram}: no 'new KafkaTopic(topology.X, N)' found; the tests read the topics from there");

        var groups = ConsumerGroupDeclaration().Matches(program)
            .Select(match => ReadGroup(match.Groups["group"].Value, match.Groups["section"].Value, topology))
            .ToList();
        if (groups.Count == 0)
            throw new FormatException($"{DeployPaths.AppHostProgram}: no '.WithConsumerGroup(\"id\", topology.Section, …)' found");

        var projects = ProjectDeclaration().Matches(program)
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["project"].Value, StringComparer.Ordinal);

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

    [GeneratedRegex(@"new\s+KafkaTopic\(\s*topology\.(?<name>\w+)\s*,\s*(?<count>topology\.Partitions|\d+)\s*\)")]
    private static partial Regex TopicDeclaration();

    [GeneratedRegex(@"AddProject<Projects\.(?<project>\w+)>\(\s*""(?<name>[^""]+)""")]
    private static partial Regex ProjectDeclaration();

    [GeneratedRegex(@"\.WithConsumerGroup\(\s*""(?<group>[^""]+)""\s*,\s*topology\.(?<section>\w+)")]
    private static partial Regex ConsumerGroupDeclaration();
}
