using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka;

namespace OrdersAspire.Bench.Running;

/// <summary>An embedded broker (librdkafka's mock cluster, 3 brokers) with the topics the consumer pipeline needs.</summary>
public sealed class BenchBroker : IDisposable
{
    public const string DeadLetterTopic = "order-events.dlt";
    public const string ReportsTopic = "consumer-group-reports";

    public BenchBroker(string topic, int partitions = 6, TimeSpan? initialRebalanceDelay = null)
    {
        Topic = topic;
        Partitions = partitions;
        Cluster = MockKafkaCluster.Start(3);
        Cluster.CreateTopic(topic, partitions);
        Cluster.CreateTopic(DeadLetterTopic, 3);
        Cluster.CreateTopic(ReportsTopic, 1);
        Cluster.SetGroupInitialRebalanceDelay(initialRebalanceDelay ?? TimeSpan.FromMilliseconds(100));
    }

    /// <summary>What a service consuming from the embedded broker gets, as the AppHost gives it in embedded mode
    /// (<c>Kafka:Embedded:ConsumerConfig</c>): a short fetch wait, since the mock cluster holds an empty fetch for the whole wait.</summary>
    public static IReadOnlyDictionary<string, string?> ConsumerEnvironment { get; } = new Dictionary<string, string?>
    {
        [EmbeddedClientSettings.FetchWaitConfigurationKey.Replace(":", "__", StringComparison.Ordinal)] =
            EmbeddedClientSettings.FetchWaitMaxMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public MockKafkaCluster Cluster { get; }
    public string Topic { get; }
    public int Partitions { get; }
    public string Bootstrap => Cluster.BootstrapServers;

    /// <summary>Low and high watermark of every partition of <see cref="Topic"/>.</summary>
    public IReadOnlyList<WatermarkOffsets> Watermarks() => Watermarks(Topic);

    /// <summary>Low and high watermark of every partition of <paramref name="topic"/> (one with <see cref="Partitions"/> partitions).</summary>
    public IReadOnlyList<WatermarkOffsets> Watermarks(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "bench-watermarks" })
            .SetLogHandler((_, _) => { }).Build();
        return [.. Enumerable.Range(0, Partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))];
    }

    public void Dispose() => Cluster.Dispose();
}
