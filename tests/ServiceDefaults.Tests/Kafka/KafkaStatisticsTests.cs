using System.Text.Json;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaStatisticsTests
{
    public static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kafka", "Samples", "consumer-statistics.json"));

    [Fact]
    public void Parses_client_totals_from_a_recorded_consumer_document()
    {
        var statistics = KafkaStatistics.Parse(Sample);

        Assert.Equal("rdkafka#consumer-7", statistics.Name);
        Assert.Equal("order-processor", statistics.ClientId);
        Assert.Equal("consumer", statistics.Type);
        Assert.Equal(3, statistics.ReplyQueue);
        Assert.Equal(142, statistics.Tx);
        Assert.Equal(17310, statistics.TxBytes);
        Assert.Equal(139, statistics.Rx);
        Assert.Equal(980123, statistics.RxBytes);
        Assert.Equal(4200, statistics.RxMessages);
        Assert.Equal(911400, statistics.RxMessageBytes);
        Assert.Equal(0, statistics.TxMessages);
    }

    [Fact]
    public void Keeps_real_brokers_only_with_their_average_rtt()
    {
        var brokers = KafkaStatistics.Parse(Sample).Brokers;

        Assert.Equal(["127.0.0.1:40111/1", "127.0.0.1:40113/2"], brokers.Select(b => b.Name).Order());
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), brokers.Single(b => b.NodeId == 1).RttAverage);
        Assert.Equal(TimeSpan.FromMilliseconds(2.5), brokers.Single(b => b.NodeId == 2).RttAverage);
    }

    [Fact]
    public void Reads_partition_lag_and_skips_the_unassigned_pseudo_partition()
    {
        var partitions = KafkaStatistics.Parse(Sample).Partitions;

        Assert.Equal([0, 1, 2], partitions.Select(p => p.Partition).Order());
        Assert.All(partitions, p => Assert.Equal("orders", p.Topic));
        Assert.Equal(150, partitions.Single(p => p.Partition == 0).ConsumerLag);
        Assert.Equal(2000, partitions.Single(p => p.Partition == 0).CommittedOffset);
        Assert.Equal(2150, partitions.Single(p => p.Partition == 0).HighWatermark);
        Assert.Equal(0, partitions.Single(p => p.Partition == 1).ConsumerLag);
        Assert.Equal(-1, partitions.Single(p => p.Partition == 2).ConsumerLag);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"type\":\"consumer\"}")]
    [InlineData("not json")]
    public void Rejects_documents_that_are_not_statistics(string json) =>
        Assert.ThrowsAny<JsonException>(() => KafkaStatistics.Parse(json));
}
