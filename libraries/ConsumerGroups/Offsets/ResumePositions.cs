using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Offsets;

/// <summary>Where newly assigned partitions resume. Normally at the committed offset (librdkafka's own choice); at the
/// effects' own position (<see cref="IOrderBatchHandler.NextOffsetAsync"/>) when that is ahead of it, because the commit
/// that should have followed a durable batch was lost: a kill -9 before the next auto-commit, or commits the coordinator
/// refused while the group was rebalancing. Those orders are then not delivered again. This is Kafka's "offsets kept
/// with the effects" pattern, with the committed offset still the group's public position (lag, resets).
/// <para>The effects' position is trusted only when the broker holds a commit for the partition and the log reaches the
/// position: a store kept from another cluster, or from a broker that has forgotten its topic, is ignored. An offset
/// reset to an earlier point replays nothing the effects already hold (replaying it would only absorb duplicates); a
/// reset forward is followed. Any failure to read either side falls back to the committed offset: at worst more
/// redelivery, never a skipped order.</para></summary>
public sealed partial class ResumePositions(
    IOrderBatchHandler handler,
    IOptions<ConsumerGroupOptions> options,
    ILogger<ResumePositions> logger)
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    private readonly ConsumerGroupOptions _options = options.Value;

    /// <summary>The offset to resume from: the effects' <paramref name="stored"/> position when it is ahead of a real
    /// <paramref name="committed"/> offset and within the log (<paramref name="highWatermark"/>); otherwise
    /// <see cref="Offset.Unset"/> (the committed offset, or the reset policy without one).</summary>
    public static Offset Choose(long? stored, Offset committed, long highWatermark) =>
        stored is { } next && !committed.IsSpecial && next > committed.Value && next <= highWatermark
            ? new Offset(next)
            : Offset.Unset;

    /// <summary>Runs on the poll thread inside the assignment callback: one store read per partition, and broker round
    /// trips only for partitions whose effects are ahead of nothing known yet.</summary>
    public List<TopicPartitionOffset> For(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var result = partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)).ToList();
        try
        {
            var stored = new Dictionary<TopicPartition, long>();
            foreach (var partition in partitions)
            {
                if (handler.NextOffsetAsync(partition.Partition.Value, CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } next)
                {
                    stored[partition] = next;
                }
            }
            if (stored.Count == 0)
            {
                return result;
            }

            var committed = Committed(consumer, [.. stored.Keys]);
            for (var i = 0; i < result.Count; i++)
            {
                var partition = result[i].TopicPartition;
                if (!stored.TryGetValue(partition, out var next) || !committed.TryGetValue(partition, out var offset)
                    || offset.IsSpecial || next <= offset.Value)
                {
                    continue;
                }

                var high = consumer.QueryWatermarkOffsets(partition, BrokerTimeout).High.Value;
                var resume = Choose(next, offset, high);
                if (resume != Offset.Unset)
                {
                    result[i] = new TopicPartitionOffset(partition, resume);
                    LogResumedAhead(_options.GroupId, partition.Partition.Value, resume.Value, offset.Value);
                }
                else
                {
                    LogPositionIgnored(_options.GroupId, partition.Partition.Value, next, offset.Value, high);
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever failed (broker, store, a malformed answer), the committed offset is always a safe start, and
            // an exception must not escape into librdkafka's assignment callback.
            LogFellBack(ex, _options.GroupId);
            return [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset))];
        }
        return result;
    }

    /// <summary>The group's committed offsets through an admin request on the consumer's own connection: a plain read
    /// of the group's offsets (no member id or epoch), whatever state this member is in while it is being assigned.</summary>
    private Dictionary<TopicPartition, Offset> Committed(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var groups = admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(_options.GroupId, partitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = BrokerTimeout }).GetAwaiter().GetResult();
        return groups.Single().Partitions.Where(p => !p.Error.IsError).ToDictionary(p => p.TopicPartition, p => p.Offset);
    }

    [LoggerMessage(LogLevel.Information, "Group {Group}: partition {Partition} resumes at {Next}, after its last durable batch; the committed offset {Committed} was behind (its orders are not delivered again)")]
    private partial void LogResumedAhead(string group, int partition, long next, long committed);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: partition {Partition}'s effects say {Next}, past the log's end {High} (committed {Committed}): a store from another cluster or broker lifetime; resuming at the committed offset")]
    private partial void LogPositionIgnored(string group, int partition, long next, long committed, long high);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: could not read where the effects stand; partitions resume at their committed offsets")]
    private partial void LogFellBack(Exception ex, string group);
}
