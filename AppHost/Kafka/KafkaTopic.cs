namespace OrdersAspire.AppHost.Kafka;

/// <summary>A topic the system needs, created by whichever Kafka mode runs.</summary>
public sealed record KafkaTopic(string Name, int Partitions);
