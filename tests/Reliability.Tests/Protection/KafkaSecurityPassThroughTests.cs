using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Reliability.Tests.Protection;

/// <summary>For an external cluster, SASL/TLS settings from configuration reach every Kafka client the services
/// build: <c>Aspire:Confluent:Kafka:Producer|Consumer:Config</c> (librdkafka names) and a keyed
/// <c>ConnectionStrings:kafka</c>; the consumer group's own settings do not overwrite them.</summary>
public sealed class KafkaSecurityPassThroughTests
{
    private static KafkaClientFactory Factory(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new KafkaClientMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        return new KafkaClientFactory("kafka", configuration, NullLoggerFactory.Instance, metrics);
    }

    [Fact]
    public void SaslSslSettingsFromConfigurationLandInProducerConsumerAndAdminConfigs()
    {
        var factory = Factory(new()
        {
            ["ConnectionStrings:kafka"] = "broker-1.example.net:9093,broker-2.example.net:9093",
            ["Aspire:Confluent:Kafka:Producer:Config:security.protocol"] = "SASL_SSL",
            ["Aspire:Confluent:Kafka:Producer:Config:sasl.mechanism"] = "SCRAM-SHA-512",
            ["Aspire:Confluent:Kafka:Producer:Config:sasl.username"] = "orders-producer",
            ["Aspire:Confluent:Kafka:Producer:Config:sasl.password"] = "producer-secret",
            ["Aspire:Confluent:Kafka:Producer:Config:ssl.ca.location"] = "/etc/kafka/ca.pem",
            ["Aspire:Confluent:Kafka:Consumer:Config:security.protocol"] = "SASL_SSL",
            ["Aspire:Confluent:Kafka:Consumer:Config:sasl.mechanism"] = "PLAIN",
            ["Aspire:Confluent:Kafka:Consumer:Config:sasl.username"] = "orders-consumer",
            ["Aspire:Confluent:Kafka:Consumer:Config:sasl.password"] = "consumer-secret",
            ["Aspire:Confluent:Kafka:Consumer:Config:ssl.endpoint.identification.algorithm"] = "https",
        });

        var producer = factory.CreateProducerConfig();
        Assert.Equal("SASL_SSL", producer.Get("security.protocol"));
        Assert.Equal("SCRAM-SHA-512", producer.Get("sasl.mechanism"));
        Assert.Equal("orders-producer", producer.SaslUsername);
        Assert.Equal("producer-secret", producer.SaslPassword);
        Assert.Equal("/etc/kafka/ca.pem", producer.SslCaLocation);
        Assert.Equal("broker-1.example.net:9093,broker-2.example.net:9093", producer.BootstrapServers);

        // As the consumer loop builds it: the group's settings applied over the factory's configuration.
        var consumer = new ConsumerGroupOptions { GroupId = "order-processors" }.ApplyTo(factory.CreateConsumerConfig());
        Assert.Equal("SASL_SSL", consumer.Get("security.protocol"));
        Assert.Equal("PLAIN", consumer.Get("sasl.mechanism"));
        Assert.Equal("orders-consumer", consumer.SaslUsername);
        Assert.Equal("consumer-secret", consumer.SaslPassword);
        Assert.Equal("https", consumer.Get("ssl.endpoint.identification.algorithm"));
        Assert.Equal("order-processors", consumer.GroupId);

        var admin = factory.CreateAdminConfig(); // the admin client (health check, analyzer) uses the producer's security
        Assert.Equal("SASL_SSL", admin.Get("security.protocol"));
        Assert.Equal("producer-secret", admin.SaslPassword);
    }

    [Fact]
    public void TheRootSectionAppliesToBothKindsOfClient()
    {
        var factory = Factory(new()
        {
            ["ConnectionStrings:kafka"] = "broker:9093",
            ["Aspire:Confluent:Kafka:Config:security.protocol"] = "SSL",
            ["Aspire:Confluent:Kafka:Config:ssl.certificate.location"] = "/etc/kafka/client.pem",
        });
        Assert.Equal("SSL", factory.CreateProducerConfig().Get("security.protocol"));
        Assert.Equal("SSL", factory.CreateConsumerConfig().Get("security.protocol"));
        Assert.Equal("/etc/kafka/client.pem", factory.CreateConsumerConfig().SslCertificateLocation);
    }

    [Fact]
    public void AKeyedConnectionStringCarriesSaslToEveryClient()
    {
        var factory = Factory(new()
        {
            ["ConnectionStrings:kafka"] = "BootstrapServers=b1.example.net:9093,b2.example.net:9093;SecurityProtocol=SaslSsl;SaslMechanism=ScramSha256;SaslUsername=svc-orders;SaslPassword='pa;ss=word'",
        });
        foreach (ClientConfig config in new ClientConfig[] { factory.CreateProducerConfig(), factory.CreateConsumerConfig(), factory.CreateAdminConfig() })
        {
            Assert.Equal("b1.example.net:9093,b2.example.net:9093", config.BootstrapServers);
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.ScramSha256, config.SaslMechanism);
            Assert.Equal("svc-orders", config.SaslUsername);
            Assert.Equal("pa;ss=word", config.SaslPassword);
        }
    }
}
