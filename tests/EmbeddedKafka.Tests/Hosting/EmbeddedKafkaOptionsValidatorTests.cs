using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Tests.Hosting;

public sealed class EmbeddedKafkaOptionsValidatorTests
{
    private static EmbeddedKafkaOptions Valid() => new()
    {
        Topics = [new TopicOptions { Name = "order-events", Partitions = 6 }, new TopicOptions { Name = "order-events.dlt", Partitions = 3 }],
    };

    [Fact]
    public void Defaults_with_topics_are_valid()
    {
        var result = new EmbeddedKafkaOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<Action<EmbeddedKafkaOptions>, string> Invalid => new()
    {
        { o => o.Brokers = 0, "EmbeddedKafka:Brokers" },
        { o => o.Brokers = 11, "EmbeddedKafka:Brokers" },
        { o => o.GroupInitialRebalanceDelayMs = -1, "EmbeddedKafka:GroupInitialRebalanceDelayMs" },
        { o => o.GroupInitialRebalanceDelayMs = 60_001, "EmbeddedKafka:GroupInitialRebalanceDelayMs" },
        { o => o.Topics[1].Partitions = 0, "EmbeddedKafka:Topics:1:Partitions" },
        { o => o.Topics[0].Name = "", "EmbeddedKafka:Topics:0:Name" },
        { o => o.Topics[0].Name = "orders/events", "EmbeddedKafka:Topics:0:Name" },
        { o => o.Topics[1].Name = "order-events", "EmbeddedKafka:Topics:1:Name" },
        { o => o.BootstrapFile = " ", "EmbeddedKafka:BootstrapFile" },
        { o => o.AdminKey = "", "EmbeddedKafka:AdminKey" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_values_fail_naming_the_key(Action<EmbeddedKafkaOptions> change, string key)
    {
        var options = Valid();
        change(options);

        var result = new EmbeddedKafkaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(key + " ", failure);
    }
}
