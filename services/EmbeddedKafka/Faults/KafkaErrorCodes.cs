using System.Collections.Frozen;
using System.Globalization;
using Confluent.Kafka;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>
/// Parses broker error names: librdkafka's ("REBALANCE_IN_PROGRESS"), Kafka's where they differ
/// ("NOT_LEADER_OR_FOLLOWER"), Confluent.Kafka's <see cref="ErrorCode"/> names ("RebalanceInProgress") or numbers.
/// </summary>
public static class KafkaErrorCodes
{
    private static readonly (string Name, ErrorCode Code)[] KafkaNames =
    [
        ("CORRUPT_MESSAGE", ErrorCode.InvalidMsg),
        ("UNKNOWN_TOPIC_OR_PARTITION", ErrorCode.UnknownTopicOrPart),
        ("INVALID_FETCH_SIZE", ErrorCode.InvalidMsgSize),
        ("NOT_LEADER_OR_FOLLOWER", ErrorCode.NotLeaderForPartition),
        ("MESSAGE_TOO_LARGE", ErrorCode.MsgSizeTooLarge),
        ("STALE_CONTROLLER_EPOCH", ErrorCode.StaleCtrlEpoch),
        ("GROUP_LOAD_IN_PROGRESS", ErrorCode.GroupLoadInProgress),
        ("GROUP_COORDINATOR_NOT_AVAILABLE", ErrorCode.GroupCoordinatorNotAvailable),
        ("NOT_COORDINATOR_FOR_GROUP", ErrorCode.NotCoordinatorForGroup),
    ];

    private static readonly Lazy<FrozenDictionary<string, ErrorCode>> ByName = new(BuildTable);

    /// <summary>Parses an error name or number; only codes a broker can return (≥ 0, known) are accepted.</summary>
    public static bool TryParse(string? text, out ErrorCode code)
    {
        code = ErrorCode.Unknown;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, out code);
        }

        return ByName.Value.TryGetValue(Normalize(text), out code);
    }

    public static bool TryFromNumber(long number, out ErrorCode code)
    {
        code = (ErrorCode)(int)Math.Clamp(number, int.MinValue, int.MaxValue);
        return number is >= 0 and <= short.MaxValue && Enum.IsDefined(code);
    }

    private static FrozenDictionary<string, ErrorCode> BuildTable()
    {
        var table = new Dictionary<string, ErrorCode>();
        foreach (var code in Enum.GetValues<ErrorCode>().Where(c => (int)c >= 0))
        {
            table.TryAdd(Normalize(code.ToString()), code);
            table.TryAdd(Normalize(MockKafkaCluster.ErrorName(code)), code);
        }

        foreach (var (name, code) in KafkaNames)
        {
            table.TryAdd(Normalize(name), code);
        }

        return table.ToFrozenDictionary();
    }

    private static string Normalize(string name) => name.Trim().Replace("_", "").ToUpperInvariant();
}
