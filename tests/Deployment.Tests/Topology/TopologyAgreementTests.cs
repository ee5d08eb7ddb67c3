using System.Globalization;
using OrdersAspire.Deployment.Tests.Manifests;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Workloads;

namespace OrdersAspire.Deployment.Tests.Topology;

/// <summary>Group ids, topics, partitions and replicas agree across the Deployments, ScaledObjects and KafkaTopics of
/// every overlay, and with the AppHost's topology.</summary>
public sealed class TopologyAgreementTests
{
    private static readonly AppHostTopology Topology = AppHostTopology.Read();

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_project_of_the_apphost_is_a_deployment(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);

        Assert.NotEmpty(Topology.Projects);
        foreach (var project in Topology.Projects)
        {
            rendered.Deployment(project);
        }

        Assert.DoesNotContain(rendered.Deployments, d => d.Metadata.Name.Contains("kafka-broker", StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void The_kafka_topics_are_the_apphost_topics_with_their_partition_counts(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);

        var topics = rendered.KafkaTopics.ToDictionary(t => t.TopicName, t => t.Spec.Partitions, StringComparer.Ordinal);
        Assert.Equal(Topology.TopicPartitions.OrderBy(t => t.Key, StringComparer.Ordinal), topics.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(Topology.Partitions, topics[Topology.Topic]);
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_topic_fits_its_cluster(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var kafka = rendered.Kafka;
        var brokers = rendered.Of<KafkaNodePool>()
            .Where(pool => pool.Metadata.Labels.Find("strimzi.io/cluster") == kafka.Metadata.Name && pool.Spec.Roles.Contains("broker"))
            .Sum(pool => pool.Spec.Replicas);

        Assert.True(brokers > 0, "no broker node pool for the Kafka cluster");
        foreach (var topic in rendered.KafkaTopics)
        {
            Assert.Equal(kafka.Metadata.Name, topic.Metadata.Labels.Find("strimzi.io/cluster"));
            Assert.InRange(topic.Spec.Replicas, 1, brokers);
            if (topic.Spec.Config.TryGetValue("min.insync.replicas", out var minInSync))
            {
                Assert.InRange(int.Parse(minInSync, CultureInfo.InvariantCulture), 1, topic.Spec.Replicas);
            }
        }
    }

    public static TheoryData<string, string> OverlaysAndGroups()
    {
        var rows = new TheoryData<string, string>();
        foreach (var overlay in DeployPaths.OverlayNames)
        {
            foreach (var group in Topology.ConsumerGroups)
            {
                rows.Add(overlay, group.GroupId);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(OverlaysAndGroups))]
    public void Each_group_deployment_receives_the_settings_the_apphost_passes(string overlay, string groupId)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var group = Topology.ConsumerGroups.Single(g => g.GroupId == groupId);
        var deployment = rendered.Deployment(groupId);
        var environment = ContainerEnvironment.Of(deployment, rendered);

        // The variables of the AppHost's WithConsumerGroup (AppHost/ServiceWiring.cs).
        Assert.Equal(groupId, environment["ConsumerGroup__GroupId"].Value);
        Assert.Equal(Topology.Topic, environment["ConsumerGroup__Topic"].Value);
        Assert.Equal(Topology.DeadLetterTopic, environment["ConsumerGroup__DeadLetterTopic"].Value);
        Assert.Equal(Topology.ReportsTopic, environment["ConsumerGroup__ReportsTopic"].Value);
        Assert.Equal(group.AssignmentStrategy, environment["ConsumerGroup__AssignmentStrategy"].Value);
        Assert.Equal(group.GroupProtocol, environment["ConsumerGroup__GroupProtocol"].Value);
        Assert.Equal(EnvironmentSource.Secret, environment["ConnectionStrings__effects"].Source);
        Assert.Equal(group.Replicas, deployment.Spec.Replicas);
    }

    [Theory]
    [MemberData(nameof(OverlaysAndGroups))]
    public void Each_group_scaled_object_scales_its_deployment_on_its_group_and_topic_within_the_partitions(string overlay, string groupId)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var group = Topology.ConsumerGroups.Single(g => g.GroupId == groupId);
        var scaledObject = rendered.ScaledObjectFor(groupId);
        var trigger = Assert.Single(scaledObject.Spec.Triggers);
        var partitions = rendered.Topic(trigger.Metadata["topic"]).Spec.Partitions;

        Assert.Equal("kafka", trigger.Type);
        Assert.Equal(groupId, trigger.Metadata["consumerGroup"]);
        Assert.Equal(Topology.Topic, trigger.Metadata["topic"]);
        Assert.NotNull(scaledObject.Spec.MaxReplicaCount);
        Assert.True(scaledObject.Spec.MaxReplicaCount <= partitions,
            $"{groupId}: maxReplicaCount {scaledObject.Spec.MaxReplicaCount} > {partitions} partitions of {Topology.Topic}: the extra members would sit idle");
        Assert.InRange(group.Replicas, scaledObject.Spec.MinReplicaCount ?? 1, scaledObject.Spec.MaxReplicaCount!.Value);
        Assert.Equal("false", trigger.Metadata.GetValueOrDefault("allowIdleConsumers", "false"));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void The_load_generator_and_the_analyzer_receive_the_apphost_topics_and_groups(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var loadGenerator = ContainerEnvironment.Of(rendered.Deployment("load-generator"), rendered);
        var analyzer = ContainerEnvironment.Of(rendered.Deployment("analyzer"), rendered);

        Assert.Equal(Topology.Topic, loadGenerator["LoadGenerator__Topic"].Value);
        Assert.Equal(Topology.Topic, analyzer["Analyzer__Topic"].Value);
        Assert.Equal(Topology.ReportsTopic, analyzer["Analyzer__ReportsTopic"].Value);
        var watched = analyzer.Where(e => e.Key.StartsWith("Analyzer__Groups__", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.Value);
        Assert.Equal(Topology.ConsumerGroups.Select(g => g.GroupId), watched);
        Assert.Equal(Topology.LoadGeneratorPort, Assert.Single(rendered.Service("load-generator").Spec.Ports).Port);
    }
}
