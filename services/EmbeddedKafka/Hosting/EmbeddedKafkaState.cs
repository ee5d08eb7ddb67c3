namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>The running cluster, published by <see cref="EmbeddedKafkaService"/> once it is ready.</summary>
public sealed class EmbeddedKafkaState
{
    private volatile MockKafkaCluster? cluster;

    /// <summary>The ready cluster, or null before start-up completed and after shutdown began.</summary>
    public MockKafkaCluster? Cluster => cluster;

    internal void Publish(MockKafkaCluster? ready) => cluster = ready;
}
