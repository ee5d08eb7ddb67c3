using Confluent.Kafka;

namespace OrdersAspire.LoadGenerator.Tests.Support;

/// <summary>Everything on a topic, read from the beginning of every partition up to its high watermark.</summary>
public sealed class TopicContents(IReadOnlyList<ConsumeResult<string, byte[]>> messages)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public IReadOnlyList<ConsumeResult<string, byte[]>> Messages { get; } = messages;

    public int[] CountByPartition(int partitions)
    {
        var counts = new int[partitions];
        foreach (var message in Messages)
        {
            counts[message.Partition.Value]++;
        }

        return counts;
    }

    public static long[] HighWatermarks(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = CreateConsumer(bootstrapServers);
        return [.. Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout).High.Value)];
    }

    public static TopicContents Read(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = CreateConsumer(bootstrapServers);
        var ends = Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout).High.Value)
            .ToArray();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));

        var messages = new List<ConsumeResult<string, byte[]>>();
        var remaining = ends.Sum();
        var deadline = DateTime.UtcNow + Timeout;
        while (remaining > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Read {messages.Count} messages of {ends.Sum()} from {topic} before the timeout.");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            if (result.Offset.Value < ends[result.Partition.Value])
            {
                messages.Add(result);
                remaining--;
            }
        }

        return new TopicContents(messages);
    }

    private static IConsumer<string, byte[]> CreateConsumer(string bootstrapServers) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "load-generator-tests-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 20,
        }).Build();
}
