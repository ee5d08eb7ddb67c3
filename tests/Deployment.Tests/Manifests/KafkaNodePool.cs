namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>Strimzi's <c>kafka.strimzi.io/v1beta2</c> KafkaNodePool: nodes of the cluster in label strimzi.io/cluster.</summary>
public sealed class KafkaNodePool : CustomResource<KafkaNodePool.KafkaNodePoolSpec>
{
    public const string ApiVersionKind = "kafka.strimzi.io/v1beta2/KafkaNodePool";

    public sealed class KafkaNodePoolSpec
    {
        public int Replicas { get; set; }

        public List<string> Roles { get; set; } = [];
    }
}
