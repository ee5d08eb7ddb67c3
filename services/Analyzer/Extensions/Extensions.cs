using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analyzer.Health;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.Analysis.Telemetry;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analyzer.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaClientFactory("kafka");
        builder.Services.AddOptions<AnalyzerOptions>()
            .Bind(builder.Configuration.GetSection(AnalyzerOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AnalyzerOptions>, AnalyzerOptionsValidator>();

        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
            return new AnalysisStore(o.Groups, o.MaxWatchedGroups);
        });
        builder.Services.AddSingleton<GroupWatcher>();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
            return new MembershipRegistry(TimeSpan.FromMilliseconds(o.ReportIntervalMs), TimeSpan.FromSeconds(o.DownMemberRetentionSeconds));
        });
        builder.Services.AddSingleton<AlertTracker>();
        builder.Services.AddSingleton<OffsetResetService>();
        builder.Services.AddSingleton<ReportsReader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportsReader>());
        builder.Services.AddSingleton<GroupSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupSampler>());
        builder.Services.AddSingleton<AnalyzerMetrics>();

        // One health check per group, named group:<id>, on /health (not on /alive).
        var groups = builder.Configuration.GetSection($"{AnalyzerOptions.SectionName}:Groups").Get<List<string>>() ?? [];
        var health = builder.Services.AddHealthChecks();
        foreach (var group in groups.Distinct(StringComparer.Ordinal))
            health.Add(new HealthCheckRegistration($"group:{group}", sp => new GroupHealthCheck(group, sp.GetRequiredService<AnalysisStore>()), HealthStatus.Unhealthy, ["group"]));

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}

internal sealed class AnalyzerOptionsValidator : IValidateOptions<AnalyzerOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyzerOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
