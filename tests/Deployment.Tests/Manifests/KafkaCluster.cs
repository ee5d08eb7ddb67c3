namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>Strimzi's <c>kafka.strimzi.io/v1beta2</c> Kafka (its brokers are the KafkaNodePools that name it).</summary>
public sealed class KafkaCluster : CustomResource<KafkaCluster.KafkaClusterSpec>
{
    public const string ApiVersionKind = "kafka.strimzi.io/v1beta2/Kafka";

    /// <summary>The Service Strimzi creates for clients to bootstrap from.</summary>
    public string BootstrapService => $"{Metadata.Name}-kafka-bootstrap";

    /// <summary>The Secret Strimzi creates with the cluster CA's certificate (key <c>ca.crt</c>).</summary>
    public string ClusterCaCertSecret => $"{Metadata.Name}-cluster-ca-cert";

    public sealed class KafkaClusterSpec
    {
        public BrokerSettings Kafka { get; set; } = new();

        public Dictionary<string, object>? EntityOperator { get; set; }
    }

    public sealed class BrokerSettings
    {
        public string? Version { get; set; }

        public List<Listener> Listeners { get; set; } = [];

        public Dictionary<string, string> Config { get; set; } = [];

        public Dictionary<string, string>? Authorization { get; set; }
    }

    public sealed class Listener
    {
        public string Name { get; set; } = "";

        public int Port { get; set; }

        public string Type { get; set; } = "";

        public bool Tls { get; set; }

        public Dictionary<string, string>? Authentication { get; set; }
    }
}
