namespace OrdersAspire.GroupContracts.Protocols;

/// <summary>Names of the protocols as written in configuration, which are also librdkafka's <c>group.protocol</c> values.</summary>
public static class ConsumerGroupProtocols
{
    public const string ClassicName = "classic";
    public const string ConsumerName = "consumer";

    public static readonly IReadOnlyList<string> Names = [ClassicName, ConsumerName];

    /// <summary>Case-insensitive; surrounding white space is ignored.</summary>
    public static bool TryParse(string? value, out ConsumerGroupProtocol protocol)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case ClassicName: protocol = ConsumerGroupProtocol.Classic; return true;
            case ConsumerName: protocol = ConsumerGroupProtocol.Consumer; return true;
            default: protocol = default; return false;
        }
    }

    public static string ToLibrdkafkaName(this ConsumerGroupProtocol protocol) => protocol switch
    {
        ConsumerGroupProtocol.Classic => ClassicName,
        ConsumerGroupProtocol.Consumer => ConsumerName,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown group protocol"),
    };

    public static Confluent.Kafka.GroupProtocol ToConfluent(this ConsumerGroupProtocol protocol) => protocol switch
    {
        ConsumerGroupProtocol.Classic => Confluent.Kafka.GroupProtocol.Classic,
        ConsumerGroupProtocol.Consumer => Confluent.Kafka.GroupProtocol.Consumer,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown group protocol"),
    };
}
