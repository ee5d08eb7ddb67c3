namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>Strimzi's <c>kafka.strimzi.io/v1beta2</c> KafkaTopic.</summary>
public sealed class KafkaTopic : CustomResource<KafkaTopic.KafkaTopicSpec>
{
    public const string ApiVersionKind = "kafka.strimzi.io/v1beta2/KafkaTopic";

    /// <summary>The Kafka topic's name: spec.topicName, else the resource's name (as Strimzi reads it).</summary>
    public string TopicName => Spec.TopicName ?? Metadata.Name;

    public sealed class KafkaTopicSpec
    {
        public string? TopicName { get; set; }

        public int Partitions { get; set; }

        public int Replicas { get; set; }

        public Dictionary<string, string> Config { get; set; } = [];
    }
}
