using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Hosting;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.Analysis.Telemetry;
using OrdersAspire.Analyzer.Health;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analyzer.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaClientFactory("kafka");
        builder.Services.AddGroupAnalysis(builder.Configuration);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportsReader>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupSampler>());
        builder.Services.AddSingleton<AnalyzerMetrics>();

        // One health check per group, named group:<id>, on /health (not on /alive).
        var groups = builder.Configuration.GetSection($"{AnalyzerOptions.SectionName}:Groups").Get<List<string>>() ?? [];
        var health = builder.Services.AddHealthChecks();
        foreach (var group in groups.Distinct(StringComparer.Ordinal))
        {
            health.Add(new HealthCheckRegistration($"group:{group}", sp => new GroupHealthCheck(group, sp.GetRequiredService<AnalysisStore>()), HealthStatus.Unhealthy, ["group"]));
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
