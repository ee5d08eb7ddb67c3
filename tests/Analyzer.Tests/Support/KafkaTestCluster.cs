using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka;

namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>A test's own embedded broker with the orders topic (6 partitions) and the reports topic, plus a producer
/// that writes to explicit partitions so lag per partition is exact.</summary>
public sealed class KafkaTestCluster : IDisposable
{
    public const string Topic = "order-events";
    public const string ReportsTopic = "consumer-group-reports";
    public const int Partitions = 6;

    private readonly MockKafkaCluster _cluster;
    private readonly IProducer<string, string> _producer;

    public KafkaTestCluster()
    {
        _cluster = MockKafkaCluster.Start(brokers: 1);
        _cluster.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(200));
        _cluster.CreateTopic(Topic, Partitions);
        _cluster.CreateTopic(ReportsTopic, 1);
        _producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 }).Build();
    }

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>Produces <paramref name="perPartition"/> messages to every partition and waits for the acks.</summary>
    public void ProduceToEveryPartition(int perPartition)
    {
        for (var i = 0; i < perPartition; i++)
        {
            for (var p = 0; p < Partitions; p++)
            {
                _producer.Produce(new TopicPartition(Topic, p), new Message<string, string> { Key = $"k{p}", Value = $"order {i}" });
            }
        }

        _producer.Flush(TimeSpan.FromSeconds(30));
    }

    public IProducer<string, string> Producer => _producer;

    /// <summary>The group's committed offsets, read directly from the broker (not through the analyzer).</summary>
    public async Task<long[]> CommittedAsync(string group)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]);
        return result.Single().Partitions.OrderBy(p => p.Partition.Value).Select(p => p.Offset.Value).ToArray();
    }

    /// <summary>Commits <paramref name="offsetFor"/>(partition) for every partition as a consumer that never joins the group
    /// (no Subscribe), as tools and frameworks that assign partitions themselves do.</summary>
    public void CommitWithoutJoining(string group, Func<int, long> offsetFor)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group, EnableAutoCommit = false }).Build();
        consumer.Commit(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Topic, p, offsetFor(p))));
        consumer.Close();
    }

    public void Dispose()
    {
        _producer.Dispose();
        _cluster.Dispose();
    }
}
