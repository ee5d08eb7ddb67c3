using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// The Kafka client integration Aspire.Confluent.Kafka provides, on our own factory: clients built from
/// <c>ConnectionStrings:{connectionName}</c> and <c>Aspire:Confluent:Kafka:Producer|Consumer</c>, with
/// logging, statistics metrics, a broker health check named <c>kafka</c> and the tracing source registered.
/// </summary>
public static class KafkaClientExtensions
{
    /// <summary>
    /// Registers <see cref="KafkaClientFactory"/> (singleton) and, unless both the producer and consumer sections
    /// set <c>DisableHealthChecks</c>, the <c>kafka</c> health check. The connection string is read when the
    /// factory is first resolved, so configuration added after this call (tests, hosts) is honoured.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaClientFactory(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var producer = KafkaClientSettings.Load(builder.Configuration, KafkaClientSettings.ProducerSectionName);
        var consumer = KafkaClientSettings.Load(builder.Configuration, KafkaClientSettings.ConsumerSectionName);
        return builder.AddKafkaClientFactory(
            connectionName,
            healthCheck: !(producer.DisableHealthChecks && consumer.DisableHealthChecks),
            tracing: !(producer.DisableTracing && consumer.DisableTracing),
            metrics: !(producer.DisableMetrics && consumer.DisableMetrics));
    }

    /// <summary>Registers an <see cref="IProducer{TKey,TValue}"/> singleton built through the factory (plus the factory and health check).</summary>
    public static IHostApplicationBuilder AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<ProducerConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = KafkaClientSettings.Load(builder.Configuration, KafkaClientSettings.ProducerSectionName);
        builder.AddKafkaClientFactory(connectionName, !settings.DisableHealthChecks, !settings.DisableTracing, !settings.DisableMetrics);

        builder.Services.AddSingleton<IProducer<TKey, TValue>>(services =>
        {
            var factory = services.GetRequiredService<KafkaClientFactory>();
            var config = factory.CreateProducerConfig();
            configure?.Invoke(config);
            return factory.CreateProducerBuilder<TKey, TValue>(config).Build();
        });
        return builder;
    }

    /// <summary>
    /// Registers an <see cref="IConsumer{TKey,TValue}"/> singleton built through the factory (plus the factory and
    /// health check). A group id is required, from <c>Aspire:Confluent:Kafka:Consumer:Config:group.id</c> or <paramref name="configure"/>.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<ConsumerConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = KafkaClientSettings.Load(builder.Configuration, KafkaClientSettings.ConsumerSectionName);
        builder.AddKafkaClientFactory(connectionName, !settings.DisableHealthChecks, !settings.DisableTracing, !settings.DisableMetrics);

        builder.Services.AddSingleton<IConsumer<TKey, TValue>>(services =>
        {
            var factory = services.GetRequiredService<KafkaClientFactory>();
            var config = factory.CreateConsumerConfig();
            configure?.Invoke(config);
            if (string.IsNullOrEmpty(config.GroupId))
            {
                throw new InvalidOperationException(
                    $"No Kafka consumer group id: set '{KafkaClientSettings.ConsumerSectionName}:Config:group.id' or ConsumerConfig.GroupId in AddKafkaConsumer.");
            }

            return factory.CreateConsumerBuilder<TKey, TValue>(config).Build();
        });
        return builder;
    }

    private static IHostApplicationBuilder AddKafkaClientFactory(this IHostApplicationBuilder builder, string connectionName, bool healthCheck, bool tracing, bool metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<KafkaClientMetrics>();
        builder.Services.TryAddSingleton(services => new KafkaClientFactory(
            connectionName,
            services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<KafkaClientMetrics>()));

        if (tracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(KafkaTelemetry.ActivitySourceName));
        }

        if (metrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(KafkaTelemetry.MeterName));
        }

        if (healthCheck)
        {
            builder.Services.TryAddSingleton<KafkaHealthCheck>();
            builder.Services.AddHealthChecks();
            builder.Services.Configure<HealthCheckServiceOptions>(options =>
            {
                if (!options.Registrations.Any(r => r.Name == KafkaHealthCheck.Name))
                {
                    options.Registrations.Add(new HealthCheckRegistration(
                        KafkaHealthCheck.Name,
                        services => services.GetRequiredService<KafkaHealthCheck>(),
                        failureStatus: HealthStatus.Unhealthy,
                        tags: ["ready", "kafka"],
                        timeout: KafkaHealthCheck.MetadataTimeout + TimeSpan.FromSeconds(2)));
                }
            });
        }

        return builder;
    }
}
