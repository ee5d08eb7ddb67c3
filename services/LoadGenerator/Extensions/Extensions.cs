using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdersAspire.LoadGenerator.Generation;
using OrdersAspire.LoadGenerator.Telemetry;
using OrdersAspire.ServiceDefaults.Kafka;
using Scalar.AspNetCore;

namespace OrdersAspire.LoadGenerator.Extensions;

public static class Extensions
{
    /// <summary>The Kafka connection (<c>ConnectionStrings:kafka</c>).</summary>
    public const string KafkaConnectionName = "kafka";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LoadGeneratorOptions>()
            .BindConfiguration(LoadGeneratorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The producer: idempotent (acks=all), keys placed like the Java client (murmur2), batching with a
        // short linger so high rates are reachable, and a bounded delivery time so every job finishes.
        builder.AddKafkaProducer<string, byte[]>(KafkaConnectionName, ConfigureProducer(builder.Configuration));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GenerationJobs>();
        services.AddSingleton<LoadGeneratorMetrics>();
        services.AddSingleton<GenerationRunner>();
        services.AddSingleton<TopicPartitions>();
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(LoadGeneratorActivitySource.Name))
            .WithMetrics(metrics => metrics.AddMeter(LoadGeneratorMetrics.MeterName));

        services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// <c>/openapi/v1.json</c> and the Scalar reference at <c>/scalar/v1</c>, in every environment. Scalar's
    /// scripts are served from the package; its CDN fonts, telemetry and AI agent are off so the page works offline.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options
            .WithTitle("OrdersAspire load generator")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent());
        return app;
    }

    private static Action<ProducerConfig> ConfigureProducer(IConfiguration configuration) => config =>
    {
        var options = configuration.GetSection(LoadGeneratorOptions.SectionName).Get<LoadGeneratorOptions>() ?? new LoadGeneratorOptions();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.Partitioner = Partitioner.Murmur2Random;
        config.LingerMs = options.LingerMs;
        config.MessageTimeoutMs = (int)Math.Max(1000, (options.DeliveryTimeout - TimeSpan.FromSeconds(1)).TotalMilliseconds);
        config.ClientId ??= "load-generator";
    };
}
