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
    [Fact]
    public void A_keyed_connection_string_passes_extra_librdkafka_properties_to_every_client()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "BootstrapServers=b1:9093, b2:9093;SecurityProtocol=SASL_SSL;SaslMechanism=SCRAM-SHA-512;" +
                "SaslUsername=svc;SaslPassword=\"p;w\";SslCaLocation=/etc/kafka/ca.pem;socket.keepalive.enable=true;client.id=orders",
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "g1",
        });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<KafkaClientFactory>();

        foreach (ClientConfig config in new ClientConfig[] { factory.CreateProducerConfig(), factory.CreateConsumerConfig(), factory.CreateAdminConfig() })
        {
            Assert.Equal("b1:9093,b2:9093", config.BootstrapServers);
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.ScramSha512, config.SaslMechanism);
            Assert.Equal("p;w", config.SaslPassword);
            Assert.Equal("/etc/kafka/ca.pem", config.Get("ssl.ca.location"));
            Assert.Equal("true", config.Get("socket.keepalive.enable"));
            Assert.Equal("orders", config.Get("client.id"));
        }
    }

    [Theory]
    [InlineData("broker-a:9092;broker-b:9092", "'broker-a:9092;broker-b:9092' is not a bootstrap server")]
    [InlineData("broker-a", "'broker-a' is not a bootstrap server")]
    [InlineData("BootstrapServers=b:9092;SecurityProtocol=Tls", "SecurityProtocol = 'Tls' is not valid; allowed: Plaintext, Ssl, SaslPlaintext, SaslSsl")]
    [InlineData("BootstrapServers=b:9092;SaslPassword", "'SaslPassword' is not a key=value pair")]
    [InlineData("BootstrapServers=b:9092;SaslPassword='unclosed", "the value of 'SaslPassword' has no closing '")]
    [InlineData("BootstrapServers=b:9092;sasl username=u", "'sasl username' is not a Kafka client property name")]
    [InlineData("BootstrapServers=b:9092;SaslUsername=", "'SaslUsername' has no value")]
    [InlineData("SecurityProtocol=SaslSsl", "names no bootstrap servers")]
    public void Malformed_connection_strings_are_refused_naming_the_setting(string connectionString, string message)
    {
        var error = Assert.Throws<FormatException>(() => KafkaConnectionString.Apply(connectionString, new ClientConfig()));
        Assert.StartsWith("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_with_a_malformed_connection_string_stops_at_start_naming_it()
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:orders"] = "BootstrapServers=b:9092;SaslMechanism=Kerberos5" });
        builder.AddKafkaClientFactory("orders");
        using var host = builder.Build();
        var error = Assert.Throws<FormatException>(() => host.Services.GetRequiredService<KafkaClientFactory>());
        Assert.Contains("ConnectionStrings:orders: SaslMechanism = 'Kerberos5' is not valid", error.Message, StringComparison.Ordinal);
    }
}
