using System.Text.Json;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// The parts of a librdkafka statistics document (see librdkafka STATISTICS.md) that become metrics.
/// Totals (<c>tx</c>, <c>rxmsgs</c>, ...) are cumulative since the client started.
/// </summary>
public sealed record KafkaStatistics(
    string Name,
    string ClientId,
    string Type,
    long ReplyQueue,
    long MessageCount,
    long MessageSize,
    long Tx,
    long TxBytes,
    long Rx,
    long RxBytes,
    long TxMessages,
    long TxMessageBytes,
    long RxMessages,
    long RxMessageBytes,
    IReadOnlyList<KafkaBrokerStatistics> Brokers,
    IReadOnlyList<KafkaPartitionStatistics> Partitions)
{
    /// <summary>Parses a statistics document; throws <see cref="JsonException"/> when it is not one.</summary>
    public static KafkaStatistics Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || GetString(root, "name") is not { } name)
        {
            throw new JsonException("Not a librdkafka statistics document: no top-level \"name\".");
        }

        var brokers = new List<KafkaBrokerStatistics>();
        if (root.TryGetProperty("brokers", out var brokersElement) && brokersElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var broker in brokersElement.EnumerateObject())
            {
                var source = GetString(broker.Value, "source");
                if (source is "internal" or "logical")
                {
                    continue;
                }

                var rttAverage = broker.Value.TryGetProperty("rtt", out var rtt) ? GetInt64(rtt, "avg") : 0;
                brokers.Add(new KafkaBrokerStatistics(
                    GetString(broker.Value, "name") ?? broker.Name,
                    GetInt64(broker.Value, "nodeid"),
                    GetString(broker.Value, "state") ?? "",
                    TimeSpan.FromMicroseconds(rttAverage)));
            }
        }

        var partitions = new List<KafkaPartitionStatistics>();
        if (root.TryGetProperty("topics", out var topicsElement) && topicsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var topic in topicsElement.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out var partitionsElement) || partitionsElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var partition in partitionsElement.EnumerateObject())
                {
                    var id = GetInt64(partition.Value, "partition");
                    if (id < 0)
                    {
                        continue; // the UA (unassigned) pseudo partition
                    }

                    partitions.Add(new KafkaPartitionStatistics(
                        GetString(topic.Value, "topic") ?? topic.Name,
                        (int)id,
                        GetInt64(partition.Value, "consumer_lag", -1),
                        GetInt64(partition.Value, "committed_offset", -1001),
                        GetInt64(partition.Value, "hi_offset", -1001),
                        GetInt64(partition.Value, "msgq_cnt") + GetInt64(partition.Value, "xmit_msgq_cnt")));
                }
            }
        }

        return new KafkaStatistics(
            name,
            GetString(root, "client_id") ?? "",
            GetString(root, "type") ?? "",
            GetInt64(root, "replyq"),
            GetInt64(root, "msg_cnt"),
            GetInt64(root, "msg_size"),
            GetInt64(root, "tx"),
            GetInt64(root, "tx_bytes"),
            GetInt64(root, "rx"),
            GetInt64(root, "rx_bytes"),
            GetInt64(root, "txmsgs"),
            GetInt64(root, "txmsg_bytes"),
            GetInt64(root, "rxmsgs"),
            GetInt64(root, "rxmsg_bytes"),
            brokers,
            partitions);
    }

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long GetInt64(JsonElement element, string property, long missing = 0) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : missing;
}

/// <summary>One broker connection of a client; <paramref name="RttAverage"/> is the average request round trip.</summary>
public sealed record KafkaBrokerStatistics(string Name, long NodeId, string State, TimeSpan RttAverage);

/// <summary>
/// One topic partition as a client sees it. <paramref name="ConsumerLag"/> is -1 when unknown
/// (not assigned to this consumer, or no committed offset yet).
/// </summary>
public sealed record KafkaPartitionStatistics(string Topic, int Partition, long ConsumerLag, long CommittedOffset, long HighWatermark, long QueuedMessages);
