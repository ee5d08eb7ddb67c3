namespace OrdersAspire.EmbeddedKafka;

/// <summary>A topic created on a <see cref="MockKafkaCluster"/>.</summary>
public sealed record MockTopic(string Name, int Partitions, int ReplicationFactor);
