namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary>Response of <c>GET /kafka</c>.</summary>
public sealed record KafkaInfo(string BootstrapServers, int Brokers, IReadOnlyList<KafkaTopicInfo> Topics);

/// <summary>A topic of the embedded cluster.</summary>
public sealed record KafkaTopicInfo(string Name, int Partitions);
