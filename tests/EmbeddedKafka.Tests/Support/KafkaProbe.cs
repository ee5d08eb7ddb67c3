using Confluent.Kafka;

namespace OrdersAspire.EmbeddedKafka.Tests.Support;

/// <summary>Small Confluent.Kafka operations against a cluster, each bounded in time.</summary>
public static class KafkaProbe
{
    public static Metadata Metadata(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
    }

    /// <summary>The first partition of <paramref name="topic"/> whose leader is <paramref name="brokerId"/>.</summary>
    public static int PartitionLedBy(string bootstrapServers, string topic, int brokerId) =>
        Metadata(bootstrapServers, topic).Topics.Single(t => t.Topic == topic).Partitions
            .First(p => p.Leader == brokerId).PartitionId;

    /// <summary>Produces one message to one partition; the delivery fails after <paramref name="messageTimeout"/>.</summary>
    public static async Task<DeliveryResult<string, string>> ProduceAsync(
        string bootstrapServers, TopicPartition partition, string value, TimeSpan messageTimeout)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            MessageTimeoutMs = (int)messageTimeout.TotalMilliseconds,
            RequestTimeoutMs = (int)messageTimeout.TotalMilliseconds,
            ReconnectBackoffMs = 50,
            ReconnectBackoffMaxMs = 200,
            Acks = Acks.All,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        using var timeout = new CancellationTokenSource(messageTimeout + TimeSpan.FromSeconds(10));
        return await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = value }, timeout.Token);
    }

    /// <summary>Reads the first message of one partition, waiting at most <paramref name="timeout"/>.</summary>
    public static ConsumeResult<string, string> ConsumeFirst(string bootstrapServers, TopicPartition partition, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "probe-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        using var deadline = new CancellationTokenSource(timeout);
        var result = consumer.Consume(deadline.Token);
        consumer.Close();
        return result;
    }
}
