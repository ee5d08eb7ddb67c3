namespace OrdersAspire.EmbeddedKafka;

/// <summary>Kafka's rules for topic names: 1..249 characters of [a-zA-Z0-9._-], and neither "." nor "..".</summary>
public static class KafkaTopicName
{
    public const int MaxLength = 249;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && name is not "." and not ".."
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}
