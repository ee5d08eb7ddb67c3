using System.Collections.Frozen;
using System.Globalization;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>Kafka protocol request names and their API keys (Kafka protocol guide; librdkafka rdkafka_protocol.h).</summary>
public static class KafkaApiKeys
{
    private static readonly (string Name, short Key)[] Known =
    [
        ("Produce", 0), ("Fetch", 1), ("ListOffsets", 2), ("Metadata", 3), ("LeaderAndIsr", 4), ("StopReplica", 5),
        ("UpdateMetadata", 6), ("ControlledShutdown", 7), ("OffsetCommit", 8), ("OffsetFetch", 9),
        ("FindCoordinator", 10), ("JoinGroup", 11), ("Heartbeat", 12), ("LeaveGroup", 13), ("SyncGroup", 14),
        ("DescribeGroups", 15), ("ListGroups", 16), ("SaslHandshake", 17), ("ApiVersions", 18), ("CreateTopics", 19),
        ("DeleteTopics", 20), ("DeleteRecords", 21), ("InitProducerId", 22), ("OffsetForLeaderEpoch", 23),
        ("AddPartitionsToTxn", 24), ("AddOffsetsToTxn", 25), ("EndTxn", 26), ("WriteTxnMarkers", 27),
        ("TxnOffsetCommit", 28), ("DescribeAcls", 29), ("CreateAcls", 30), ("DeleteAcls", 31), ("DescribeConfigs", 32),
        ("AlterConfigs", 33), ("AlterReplicaLogDirs", 34), ("DescribeLogDirs", 35), ("SaslAuthenticate", 36),
        ("CreatePartitions", 37), ("CreateDelegationToken", 38), ("RenewDelegationToken", 39),
        ("ExpireDelegationToken", 40), ("DescribeDelegationToken", 41), ("DeleteGroups", 42), ("ElectLeaders", 43),
        ("IncrementalAlterConfigs", 44), ("AlterPartitionReassignments", 45), ("ListPartitionReassignments", 46),
        ("OffsetDelete", 47), ("DescribeClientQuotas", 48), ("AlterClientQuotas", 49),
        ("DescribeUserScramCredentials", 50), ("AlterUserScramCredentials", 51), ("DescribeCluster", 60),
        ("DescribeProducers", 61), ("DescribeTransactions", 65), ("ListTransactions", 66),
        ("ConsumerGroupHeartbeat", 68), ("ConsumerGroupDescribe", 69), ("GetTelemetrySubscriptions", 71),
        ("PushTelemetry", 72), ("DescribeTopicPartitions", 75), ("ShareGroupHeartbeat", 76),
        ("ShareGroupDescribe", 77), ("ShareFetch", 78), ("ShareAcknowledge", 79),
    ];

    private static readonly FrozenDictionary<string, short> ByName = Known
        .Select(k => (Name: Normalize(k.Name), k.Key))
        .Append((Name: Normalize("ApiVersion"), Key: (short)18)) // librdkafka's spelling
        .ToFrozenDictionary(k => k.Name, k => k.Key);

    /// <summary>Every known API key, for clearing them all.</summary>
    public static IEnumerable<short> All => Known.Select(k => k.Key);

    /// <summary>Parses "OffsetCommit", "offset_commit", "OFFSET_COMMIT" or "8".</summary>
    public static bool TryParse(string? text, out short apiKey)
    {
        apiKey = -1;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, out apiKey);
        }

        return ByName.TryGetValue(Normalize(text), out apiKey);
    }

    public static bool TryFromNumber(long number, out short apiKey)
    {
        apiKey = -1;
        if (!Known.Any(k => k.Key == number))
        {
            return false;
        }

        apiKey = (short)number;
        return true;
    }

    private static string Normalize(string name) => name.Trim().Replace("_", "").ToUpperInvariant();
}
