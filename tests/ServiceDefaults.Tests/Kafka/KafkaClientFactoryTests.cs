using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrdersAspire.ServiceDefaults.Kafka;
using static OrdersAspire.ServiceDefaults.Tests.KafkaTestSupport;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaClientFactoryTests
{
    [Fact]
    public void Connection_string_and_section_config_land_in_the_built_configs()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "broker-a:9092,broker-b:9092",
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "order-processors",
            ["Aspire:Confluent:Kafka:Consumer:Config:auto.offset.reset"] = "earliest",
            ["Aspire:Confluent:Kafka:Consumer:Config:EnableAutoCommit"] = "false",
            ["Aspire:Confluent:Kafka:Producer:Config:acks"] = "all",
            ["Aspire:Confluent:Kafka:Producer:Config:linger.ms"] = "7",
            // The connection string wins over a bootstrap list in Config.
            ["Aspire:Confluent:Kafka:Producer:Config:bootstrap.servers"] = "ignored:1",
        });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var services = host.Services;

        var factory = services.GetRequiredService<KafkaClientFactory>();
        var consumer = factory.CreateConsumerConfig();
        var producer = factory.CreateProducerConfig();
        var admin = factory.CreateAdminConfig();

        Assert.Equal("broker-a:9092,broker-b:9092", factory.BootstrapServers);
        Assert.Equal("broker-a:9092,broker-b:9092", consumer.BootstrapServers);
        Assert.Equal("order-processors", consumer.GroupId);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.False(consumer.EnableAutoCommit);
        Assert.Null(consumer.Get("acks"));
        Assert.Equal(KafkaClientFactory.DefaultStatisticsIntervalMs, consumer.StatisticsIntervalMs);

        Assert.Equal("broker-a:9092,broker-b:9092", producer.BootstrapServers);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.Equal(7, producer.LingerMs);
        Assert.Null(producer.Get("group.id"));
        Assert.Equal(KafkaClientFactory.DefaultStatisticsIntervalMs, producer.StatisticsIntervalMs);

        Assert.Equal("broker-a:9092,broker-b:9092", admin.BootstrapServers);
        Assert.Null(admin.Get("linger.ms"));
        Assert.Null(admin.Get("statistics.interval.ms"));
    }

    [Fact]
    public void Each_call_returns_a_fresh_config_so_callers_cannot_corrupt_each_other()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "g1",
        });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var services = host.Services;
        var factory = services.GetRequiredService<KafkaClientFactory>();

        var first = factory.CreateConsumerConfig();
        first.GroupId = "changed";

        Assert.Equal("g1", factory.CreateConsumerConfig().GroupId);
    }

    [Fact]
    public void Disabled_metrics_leave_the_statistics_interval_unset_and_an_explicit_interval_is_kept()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true",
            ["Aspire:Confluent:Kafka:Consumer:Config:statistics.interval.ms"] = "250",
        });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var services = host.Services;
        var factory = services.GetRequiredService<KafkaClientFactory>();

        Assert.Null(factory.CreateProducerConfig().StatisticsIntervalMs);
        Assert.Equal(250, factory.CreateConsumerConfig().StatisticsIntervalMs);
    }

    [Fact]
    public void A_missing_connection_string_fails_with_a_message_naming_the_key()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "g1",
        });
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();
        var services = host.Services;

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<KafkaClientFactory>());
        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IConsumer<string, string>>());
    }

    [Fact]
    public void A_consumer_without_group_id_fails_with_a_message_naming_the_setting()
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = "localhost:9092" });
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();
        var services = host.Services;

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IConsumer<string, string>>());
        Assert.Contains("Aspire:Confluent:Kafka:Consumer:Config:group.id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Producer_and_consumer_share_one_factory_and_one_kafka_health_check()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "g1",
        });
        builder.AddKafkaProducer<string, string>("kafka", config => config.ClientId = "from-configure");
        builder.AddKafkaConsumer<string, string>("kafka");
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var services = host.Services;

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(registrations, r => r.Name == KafkaHealthCheck.Name);
        Assert.Single(services.GetServices<KafkaClientFactory>());
    }

    [Fact]
    public void Disabling_health_checks_in_both_sections_registers_none()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Aspire:Confluent:Kafka:DisableHealthChecks"] = "true",
        });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var services = host.Services;

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.DoesNotContain(registrations, r => r.Name == KafkaHealthCheck.Name);
    }

    [Theory]
    [InlineData("group.id", "group.id")]
    [InlineData("GroupId", "group.id")]
    [InlineData("AutoOffsetReset", "auto.offset.reset")]
    [InlineData("acks", "acks")]
    [InlineData("BootstrapServers", "bootstrap.servers")]
    public void Configuration_keys_map_to_librdkafka_names(string key, string expected) =>
        Assert.Equal(expected, KafkaClientSettings.ToLibrdkafkaName(key));

    [Theory]
    [InlineData("h1:9092,h2:9092", "h1:9092,h2:9092", null)]
    [InlineData("BootstrapServers=h1:9092;SecurityProtocol=SaslPlaintext;SaslMechanism=Plain;SaslUsername=u;SaslPassword=p", "h1:9092", SecurityProtocol.SaslPlaintext)]
    public void Connection_strings_are_a_bootstrap_list_or_keyed_properties(string connectionString, string bootstrap, SecurityProtocol? protocol)
    {
        var config = new ClientConfig();
        KafkaConnectionString.Apply(connectionString, config);

        Assert.Equal(bootstrap, config.BootstrapServers);
        Assert.Equal(protocol, config.SecurityProtocol);
    }
}
