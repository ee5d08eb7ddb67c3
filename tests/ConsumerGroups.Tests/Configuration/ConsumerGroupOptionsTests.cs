using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;
using static OrdersAspire.ConsumerGroups.Tests.Configuration.OptionsBinding;

namespace OrdersAspire.ConsumerGroups.Tests.Configuration;

public sealed class ConsumerGroupOptionsTests
{
    private static Dictionary<string, string> Keys(ConsumerConfig config) => config.ToDictionary(p => p.Key, p => p.Value);

    [Theory]
    [InlineData("range", "range")]
    [InlineData("roundrobin", "roundrobin")]
    [InlineData("Cooperative-Sticky", "cooperative-sticky")]
    public void Classic_protocol_sets_the_group_settings_with_librdkafka_names(string strategy, string librdkafkaName)
    {
        var options = Bind("GroupId=order-processors", $"AssignmentStrategy={strategy}", "SessionTimeoutMs=6000",
            "HeartbeatIntervalMs=2000", "MaxPollIntervalMs=60000", "CommitIntervalMs=500", "ReplicaId=r1");
        var keys = Keys(options.ApplyTo(new ConsumerConfig { BootstrapServers = "localhost:9092" }));

        Assert.Equal("order-processors", keys["group.id"]);
        Assert.Equal(librdkafkaName, keys["partition.assignment.strategy"]);
        Assert.Equal("6000", keys["session.timeout.ms"]);
        Assert.Equal("2000", keys["heartbeat.interval.ms"]);
        Assert.Equal("60000", keys["max.poll.interval.ms"]);
        Assert.Equal("true", keys["enable.auto.commit"], ignoreCase: true);
        Assert.Equal("500", keys["auto.commit.interval.ms"]);
        Assert.Equal("false", keys["enable.auto.offset.store"], ignoreCase: true);
        Assert.Equal("earliest", keys["auto.offset.reset"], ignoreCase: true);
        Assert.Equal("classic", keys["group.protocol"], ignoreCase: true);
        Assert.Equal("order-processors-r1", keys["client.id"]);
        Assert.Equal("localhost:9092", keys["bootstrap.servers"]);
    }

    [Fact]
    public void Consumer_protocol_omits_the_keys_the_client_refuses_even_when_the_caller_had_set_them()
    {
        var options = Bind("GroupProtocol=consumer", "AssignmentStrategy=cooperative-sticky");
        var config = new ConsumerConfig
        {
            BootstrapServers = "localhost:9092",
            SessionTimeoutMs = 45000,
            HeartbeatIntervalMs = 3000,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        };
        var keys = Keys(options.ApplyTo(config));

        Assert.Equal("consumer", keys["group.protocol"], ignoreCase: true);
        Assert.DoesNotContain("partition.assignment.strategy", keys.Keys);
        Assert.DoesNotContain("session.timeout.ms", keys.Keys);
        Assert.DoesNotContain("heartbeat.interval.ms", keys.Keys);
        Assert.Equal("g", keys["group.id"]);
        Assert.Equal("false", keys["enable.auto.offset.store"], ignoreCase: true);
    }

    [Fact]
    public void A_client_id_given_by_the_caller_is_kept()
    {
        var keys = Keys(Bind().ApplyTo(new ConsumerConfig { ClientId = "mine" }));
        Assert.Equal("mine", keys["client.id"]);
    }

    [Theory]
    [InlineData("classic", "range")]
    [InlineData("classic", "cooperative-sticky")]
    [InlineData("consumer", "range")]
    [InlineData("consumer", "cooperative-sticky")]
    public void Librdkafka_accepts_the_configuration_for_every_protocol(string protocol, string strategy)
    {
        // Building the client validates the configuration (no broker is contacted).
        var config = Bind($"GroupProtocol={protocol}", $"AssignmentStrategy={strategy}")
            .ApplyTo(new ConsumerConfig { BootstrapServers = "127.0.0.1:1" });
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        Assert.NotNull(consumer.Name);
    }

    [Fact]
    public void Librdkafka_refuses_a_strategy_under_the_consumer_protocol_which_is_why_ApplyTo_omits_it()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = "127.0.0.1:1",
            GroupId = "g",
            GroupProtocol = GroupProtocol.Consumer,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        };
        Assert.ThrowsAny<Exception>(() => new ConsumerBuilder<Ignore, Ignore>(config).Build());
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var o = Bind();
        Assert.Equal(("order-events", "order-events.dlt", "consumer-group-reports"), (o.Topic, o.DeadLetterTopic, o.ReportsTopic));
        Assert.Equal((AssignmentStrategy.Range, ConsumerGroupProtocol.Classic), (o.Strategy, o.Protocol));
        Assert.Equal((10_000, 3_000, 300_000), (o.SessionTimeoutMs, o.HeartbeatIntervalMs, o.MaxPollIntervalMs));
        Assert.Equal((1_000, 6, 1, 200, 2_000), (o.BatchSize, o.MaxConcurrency, o.KeyConcurrency, o.CommitIntervalMs, o.ReportIntervalMs));
        Assert.False(string.IsNullOrWhiteSpace(o.ReplicaId));
    }

    [Theory]
    [InlineData("range", AssignmentStrategy.Range)]
    [InlineData("ROUNDROBIN", AssignmentStrategy.RoundRobin)]
    [InlineData("cooperative-sticky", AssignmentStrategy.CooperativeSticky)]
    public void Strategy_strings_parse_case_insensitively(string value, AssignmentStrategy expected) =>
        Assert.Equal(expected, Bind($"AssignmentStrategy={value}").Strategy);

    [Fact]
    public void Typed_strategy_of_an_invalid_string_throws_naming_the_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Bind("AssignmentStrategy=rnage").Strategy);
        Assert.Equal("ConsumerGroup:AssignmentStrategy = 'rnage' is not valid", ex.Message);
    }

    [Theory]
    [InlineData("r-7", "host", 12, "r-7")]
    [InlineData(" r-7 ", "host", 12, "r-7")]
    [InlineData(null, "host", 12, "host-12")]
    [InlineData("", "box", 9, "box-9")]
    [InlineData("  ", "box", 9, "box-9")]
    public void Replica_id_defaults_to_REPLICA_ID_else_machine_and_pid(string? env, string machine, int pid, string expected) =>
        Assert.Equal(expected, ConsumerGroupOptions.DefaultReplicaId(name => name == "REPLICA_ID" ? env : null, machine, pid));
}
