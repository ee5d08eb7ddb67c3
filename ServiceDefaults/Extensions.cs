using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrdersAspire.ServiceDefaults.HealthChecks;
using OrdersAspire.ServiceDefaults.Kafka;
using OrdersAspire.ServiceDefaults.Problems;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Common service wiring shared by every OrdersAspire service: OpenTelemetry (logs, traces, metrics with a
/// Prometheus scrape endpoint and, when configured, OTLP export), health checks, service discovery,
/// standard HTTP resilience and one way from bad input to a 400 ProblemDetails (<see cref="BadRequestProblems"/>).
/// Modelled on the Aspire project template's ServiceDefaults.
/// </summary>
public static class Extensions
{
    /// <summary>Prefix of every ActivitySource and Meter owned by OrdersAspire code.</summary>
    public const string OrdersAspireTelemetryPrefix = "OrdersAspire.*";

    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddBadRequestProblems();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(KafkaTelemetry.MeterName)
                .AddMeter(OrdersAspireTelemetryPrefix)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(TraceSampleRatio(builder.Configuration))))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(KafkaTelemetry.ActivitySourceName)
                .AddSource(OrdersAspireTelemetryPrefix)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsInfrastructureRequest(context))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>Telemetry:TraceSampleRatio</c>, the share of new traces recorded (0 to 1, default 1: every order's
    /// trace). A trace is decided where it starts (the load generator for orders) and every service follows that
    /// decision, so an order is traced end to end or not at all, and an unsampled order costs next to nothing.</summary>
    public static double TraceSampleRatio(IConfiguration configuration)
    {
        var configured = configuration[TraceSampleRatioKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return 1.0;
        }

        return double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new InvalidOperationException($"{TraceSampleRatioKey} = '{configured}' is not valid; allowed: a number from 0 to 1 (the share of traces recorded)");
    }

    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check, JSON report), <c>/alive</c> (checks tagged "live") and
    /// <c>/metrics</c> (Prometheus exposition) in every environment: the orchestrator and Prometheus need them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });

        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);

        return app;
    }

    private static bool IsInfrastructureRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthEndpointPath)
        || context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
        || context.Request.Path.StartsWithSegments(MetricsEndpointPath);
}
