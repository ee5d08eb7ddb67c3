namespace OrdersAspire.ConsumerGroups.DeadLetters;

/// <summary>Headers a dead-lettered message carries, so it can be understood and replayed.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "dlt-reason";
    public const string SourceTopic = "dlt-source-topic";
    public const string SourcePartition = "dlt-source-partition";
    public const string SourceOffset = "dlt-source-offset";
    public const string ConsumerGroup = "dlt-consumer-group";
    public const string Replica = "dlt-replica";
    public const string DeadLetteredAt = "dlt-timestamp";
    /// <summary>Set when the value was too large for the dead-letter topic and was left out: its size in bytes.</summary>
    public const string ValueOmittedBytes = "dlt-value-omitted-bytes";
}
