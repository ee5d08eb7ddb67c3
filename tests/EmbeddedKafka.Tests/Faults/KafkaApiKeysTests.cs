using OrdersAspire.EmbeddedKafka.Faults;

namespace OrdersAspire.EmbeddedKafka.Tests.Faults;

public sealed class KafkaApiKeysTests
{
    [Theory]
    [InlineData("Produce", 0)]
    [InlineData("OffsetCommit", 8)]
    [InlineData("offsetcommit", 8)]
    [InlineData("OFFSET_COMMIT", 8)]
    [InlineData("8", 8)]
    [InlineData("JoinGroup", 11)]
    [InlineData("Heartbeat", 12)]
    [InlineData("SyncGroup", 14)]
    [InlineData("ApiVersions", 18)]
    [InlineData("ApiVersion", 18)]
    [InlineData("ConsumerGroupHeartbeat", 68)]
    public void Known_names_and_numbers_parse(string text, short expected)
    {
        Assert.True(KafkaApiKeys.TryParse(text, out var key));
        Assert.Equal(expected, key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("OffsetKommit")]
    [InlineData("-1")]
    [InlineData("62")]
    [InlineData("9999")]
    [InlineData("1.5")]
    public void Unknown_names_and_numbers_are_refused(string text) =>
        Assert.False(KafkaApiKeys.TryParse(text, out _));
}
