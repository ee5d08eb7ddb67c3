namespace OrdersAspire.GroupContracts.Protocols;

/// <summary>The group membership protocol (librdkafka <c>group.protocol</c>). Named so it does not clash
/// with <c>Confluent.Kafka.GroupProtocol</c>.</summary>
public enum ConsumerGroupProtocol
{
    /// <summary>The classic JoinGroup/SyncGroup protocol; the group leader runs the client-side assignor.</summary>
    Classic,

    /// <summary>KIP-848: the broker assigns; session, heartbeat and assignor are broker-side settings.</summary>
    Consumer,
}
