using Confluent.Kafka;
using Confluent.Kafka.Admin;
using OrdersAspire.Analysis;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>The Kafka reads the analyzer needs, nothing else: topic metadata, log-start/log-end offsets
/// (ListOffsets), committed offsets (ListConsumerGroupOffsets with explicit partitions) and, on a real cluster,
/// DescribeConsumerGroups. Never ListConsumerGroups or DeleteConsumerGroupOffsets: they crash the process against
/// the embedded broker.</summary>
public sealed class KafkaGroupReader(IAdminClient admin)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Partitions of the topic, or null when the topic does not exist (yet). Asks for all topics: asking
    /// for one by name auto-creates it on brokers that allow that (the embedded one does).</summary>
    public int? PartitionCount(string topic)
    {
        var metadata = admin.GetMetadata(RequestTimeout);
        var t = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        return t is null || t.Error.IsError || t.Partitions.Count == 0 ? null : t.Partitions.Count;
    }

    public async Task<IReadOnlyList<PartitionOffsets>> ReadOffsetsAsync(string group, string topic, int partitionCount, CancellationToken ct)
    {
        var log = ReadLogOffsetsAsync(topic, partitionCount, ct);
        var committed = ReadCommittedAsync(group, topic, partitionCount, ct);
        await Task.WhenAll(log, committed).ConfigureAwait(false);
        return Combine(log.Result, committed.Result);
    }

    /// <summary>Log-start and log-end offset per partition (the same for every group: read once per sample).</summary>
    public async Task<IReadOnlyDictionary<int, (long Start, long End)>> ReadLogOffsetsAsync(string topic, int partitionCount, CancellationToken ct)
    {
        var partitions = Partitions(topic, partitionCount);
        var starts = ListOffsetsAsync(partitions, OffsetSpec.Earliest());
        var ends = ListOffsetsAsync(partitions, OffsetSpec.Latest());
        await Task.WhenAll(starts, ends).WaitAsync(ct).ConfigureAwait(false);
        return partitions.ToDictionary(tp => tp.Partition.Value,
            tp => (starts.Result.GetValueOrDefault(tp.Partition.Value), ends.Result.GetValueOrDefault(tp.Partition.Value)));
    }

    /// <summary>The group's committed offset per partition; null where it never committed.</summary>
    public async Task<IReadOnlyDictionary<int, long?>> ReadCommittedAsync(string group, string topic, int partitionCount, CancellationToken ct)
    {
        var results = await admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(group, Partitions(topic, partitionCount))],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }).WaitAsync(ct).ConfigureAwait(false);
        return results.SelectMany(r => r.Partitions)
            .Where(p => !p.Error.IsError)
            .ToDictionary(p => p.Partition.Value, p => p.Offset.Value >= 0 ? (long?)p.Offset.Value : null);
    }

    public static IReadOnlyList<PartitionOffsets> Combine(IReadOnlyDictionary<int, (long Start, long End)> log, IReadOnlyDictionary<int, long?> committed) =>
        log.OrderBy(l => l.Key).Select(l => new PartitionOffsets(l.Key, l.Value.Start, l.Value.End, committed.GetValueOrDefault(l.Key))).ToList();

    private static List<TopicPartition> Partitions(string topic, int count) =>
        Enumerable.Range(0, count).Select(p => new TopicPartition(topic, p)).ToList();

    /// <summary>For each partition, the first offset whose timestamp is at or after <paramref name="time"/>; null when
    /// there is none (all messages are older).</summary>
    public async Task<IReadOnlyDictionary<int, long?>> OffsetsForTimeAsync(string topic, IEnumerable<int> partitions, DateTimeOffset time)
    {
        var list = partitions.Select(p => new TopicPartition(topic, p)).ToList();
        var found = await ListOffsetsAsync(list, OffsetSpec.ForTimestamp(time.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return list.ToDictionary(tp => tp.Partition.Value, tp => found.TryGetValue(tp.Partition.Value, out var o) && o >= 0 ? (long?)o : null);
    }

    /// <summary>The group as the broker describes it (real clusters), or null when the broker cannot describe it (the
    /// embedded broker answers DescribeConsumerGroups with an error).</summary>
    public async Task<BrokerGroup?> DescribeAsync(string group, string topic)
    {
        try
        {
            var result = await admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = RequestTimeout })
                .ConfigureAwait(false);
            var description = result.ConsumerGroupDescriptions.FirstOrDefault();
            if (description is null || description.Error.IsError)
            {
                return null;
            }

            string? protocol = description.GroupType switch
            {
                ConsumerGroupType.Classic => "classic",
                ConsumerGroupType.Consumer => "consumer",
                _ => null,
            };
            var members = description.Members.Select(m => new MemberInput(
                m.ConsumerId, m.GroupInstanceId ?? m.ClientId, m.Host.TrimStart('/'), m.ClientId,
                description.PartitionAssignor ?? "", protocol ?? GroupMembership.Unknown,
                m.Assignment?.TopicPartitions.Where(tp => tp.Topic == topic).Select(tp => tp.Partition.Value).Order().ToList() ?? [],
                null, DateTimeOffset.UtcNow)).ToList();
            return new BrokerGroup(description.State.ToString(), protocol, members);
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    private async Task<Dictionary<int, long>> ListOffsetsAsync(IReadOnlyList<TopicPartition> partitions, OffsetSpec spec)
    {
        ListOffsetsResult result;
        try
        {
            result = await admin.ListOffsetsAsync(
                partitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = spec }),
                new ListOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
        }
        catch (ListOffsetsException ex)
        {
            // The exception's own message only says "check individual partitions": name them.
            var failed = ex.Result.ResultInfos.Select(i => i.TopicPartitionOffsetError).Where(e => e.Error.IsError)
                .Select(e => $"{e.Partition.Value} ({e.Error.Code})");
            throw new KafkaException(new Error(ex.Error.Code, $"ListOffsets failed for partitions {string.Join(", ", failed)}"));
        }
        return result.ResultInfos
            .Where(i => !i.TopicPartitionOffsetError.Error.IsError)
            .ToDictionary(i => i.TopicPartitionOffsetError.Partition.Value, i => i.TopicPartitionOffsetError.Offset.Value);
    }
}

/// <summary>A group as DescribeConsumerGroups gives it: state, protocol (null when the broker does not say) and members.</summary>
public sealed record BrokerGroup(string State, string? Protocol, IReadOnlyList<MemberInput> Members);
