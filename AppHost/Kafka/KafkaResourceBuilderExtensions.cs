using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.AppHost.Kafka;

/// <summary>Our stand-in for Aspire.Hosting.Kafka (not served here). Every mode yields a resource with a
/// connection string (the bootstrap servers), so services get <c>ConnectionStrings__kafka</c> exactly as
/// with the official integration, whichever broker runs.</summary>
public static class KafkaResourceBuilderExtensions
{
    public const string ModeKey = "Kafka:Mode";
    public static readonly IReadOnlyList<string> Modes = ["embedded", "container", "external"];

    private const string ContainerImage = "confluentinc/confluent-local";
    private const string ContainerTag = "7.9.0";

    /// <summary>Adds Kafka in the mode named by <c>Kafka:Mode</c>: <c>embedded</c> (default; librdkafka's mock
    /// cluster in our own process), <c>container</c> (needs Docker) or <c>external</c> (<c>ConnectionStrings:{name}</c>).</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddKafka(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IReadOnlyList<KafkaTopic> topics,
        IResourceBuilder<ParameterResource>? faultApiKey = null)
    {
        var mode = Mode(builder.Configuration);
        return mode switch
        {
            "embedded" => builder.AddEmbeddedKafka(name, topics, faultApiKey),
            "container" => builder.AddKafkaContainer(name, topics),
            "external" => builder.AddExternalKafka(name, topics),
            _ => throw new InvalidOperationException(
                $"{ModeKey} = '{mode}' is not valid; allowed: {string.Join(", ", Modes)}"),
        };
    }

    /// <summary>Gives a service the Kafka connection string and the AppHost's Kafka client settings
    /// (<see cref="KafkaClientEnvironment"/>: <c>Aspire:Confluent:Kafka:*</c>, plus <c>Kafka:Embedded:ConsumerConfig</c> with the
    /// embedded broker, whose mock cluster does not long-poll), and holds it back until Kafka is healthy.</summary>
    public static IResourceBuilder<T> WithKafka<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> kafka)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var configuration = service.ApplicationBuilder.Configuration;
        foreach (var (key, value) in KafkaClientEnvironment.Settings(configuration, embedded: Mode(configuration) == "embedded"))
        {
            service.WithEnvironment(KafkaClientEnvironment.VariableName(key), value);
        }

        return service.WithReference(kafka).WaitFor(kafka);
    }

    private static string Mode(IConfiguration configuration) => (configuration[ModeKey] ?? "embedded").Trim().ToLowerInvariant();

    private static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedKafka(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<KafkaTopic> topics, IResourceBuilder<ParameterResource>? faultApiKey)
    {
        var broker = builder.AddProject<Projects.EmbeddedKafka>(ResourceNames.BrokerOf(name))
            .WithEnvironment("EmbeddedKafka__Brokers", "3")
            .WithHttpHealthCheck("/health");
        if (faultApiKey is not null)
        {
            broker.WithEnvironment("EmbeddedKafka__AdminKey", faultApiKey); // the fault-injection API is an admin operation
        }

        for (var i = 0; i < topics.Count; i++)
        {
            broker.WithEnvironment($"EmbeddedKafka__Topics__{i}__Name", topics[i].Name)
                  .WithEnvironment($"EmbeddedKafka__Topics__{i}__Partitions", topics[i].Partitions.ToString());
        }
        var rebalanceDelay = builder.Configuration["Kafka:Embedded:GroupInitialRebalanceDelayMs"];
        if (!string.IsNullOrEmpty(rebalanceDelay))
        {
            broker.WithEnvironment("EmbeddedKafka__GroupInitialRebalanceDelayMs", rebalanceDelay);
        }

        var bootstrap = new EmbeddedKafkaBootstrap(broker.Resource);
        var kafka = builder.AddConnectionString(name, ReferenceExpression.Create($"{bootstrap}"))
            .WaitFor(broker)
            .WithParentRelationship(broker);
        return kafka.WithKafkaHealthCheck(name, topics, createMissingTopics: false);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddKafkaContainer(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<KafkaTopic> topics)
    {
        var kafka = builder.AddResource(new KafkaContainerResource(name))
            .WithImage(ContainerImage, ContainerTag)
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: 9092, name: KafkaContainerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: 9093, name: KafkaContainerResource.InternalEndpointName)
            .WithEnvironment(context =>
            {
                // KRaft single node; the host listener advertises the port Aspire maps (as Aspire.Hosting.Kafka does).
                var resource = (KafkaContainerResource)context.Resource;
                context.EnvironmentVariables["KAFKA_LISTENERS"] =
                    "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093";
                context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
                    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
                context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = ReferenceExpression.Create(
                    $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{resource.PrimaryEndpoint.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{resource.Name}:9093");
                context.EnvironmentVariables["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "false";
            });
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(kafka.Resource)
            .WithKafkaHealthCheck(name, topics, createMissingTopics: true);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddExternalKafka(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<KafkaTopic> topics)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ModeKey} = 'external' needs ConnectionStrings:{name} (the bootstrap servers, e.g. broker1:9092,broker2:9092, " +
                $"or keyed: BootstrapServers=...;SecurityProtocol=SaslSsl;SaslMechanism=ScramSha512;SaslUsername=...;SaslPassword=...)");
        }
        // Refused here, at start, with the message naming ConnectionStrings:{name}, rather than in every service.
        KafkaConnectionString.Properties(connectionString, name);
        return builder.AddConnectionString(name).WithKafkaHealthCheck(name, topics, createMissingTopics: true);
    }

    /// <summary>Marks Kafka healthy only once it answers and the topics exist as needed, so services that wait for it
    /// start against a usable cluster. The connection string is resolved at each check (no event is raised for a
    /// connection string taken from configuration in external mode), and the client is built as the services build theirs.</summary>
    private static IResourceBuilder<IResourceWithConnectionString> WithKafkaHealthCheck(
        this IResourceBuilder<IResourceWithConnectionString> kafka, string name, IReadOnlyList<KafkaTopic> topics, bool createMissingTopics)
    {
        var builder = kafka.ApplicationBuilder;
        var settings = KafkaClientEnvironment.Settings(builder.Configuration, embedded: Mode(builder.Configuration) == "embedded");
        var resource = kafka.Resource;
        var key = $"{name}_check";
        builder.Services.AddKeyedSingleton(key, (services, _) => new KafkaHealthCheck(
            name, ct => resource.ConnectionStringExpression.GetValueAsync(ct), settings, topics, createMissingTopics,
            services.GetRequiredService<IMeterFactory>(), services.GetRequiredService<ILogger<KafkaHealthCheck>>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, services => services.GetRequiredKeyedService<KafkaHealthCheck>(key), failureStatus: default, tags: default,
            timeout: TimeSpan.FromSeconds(30)));
        return kafka.WithHealthCheck(key);
    }
}
