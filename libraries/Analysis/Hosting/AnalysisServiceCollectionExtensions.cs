using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Sampling;

namespace OrdersAspire.Analysis.Hosting;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The analysis and its one sampling path, configured from <c>Analyzer:*</c> and validated at start: the
    /// analyzer service runs <see cref="ReportsReader"/> and <see cref="GroupSampler"/> as hosted services, the CLI uses
    /// the same <see cref="ReportsReader"/> and <see cref="GroupSampling"/> once (without <paramref name="requireGroups"/>:
    /// it names its group on the command line). Needs a KafkaClientFactory.</summary>
    public static IServiceCollection AddGroupAnalysis(this IServiceCollection services, IConfiguration configuration, bool requireGroups = true)
    {
        services.AddOptions<AnalyzerOptions>()
            .Bind(configuration.GetSection(AnalyzerOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyzerOptions>>(new AnalyzerOptionsValidator(requireGroups));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
            return new AnalysisStore(o.Groups, o.MaxWatchedGroups);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
            return new MembershipRegistry(TimeSpan.FromMilliseconds(o.ReportIntervalMs), TimeSpan.FromSeconds(o.DownMemberRetentionSeconds));
        });
        services.AddSingleton<AlertTracker>();
        services.AddSingleton<GroupWatcher>();
        services.AddSingleton<OffsetResetService>();
        services.AddSingleton<ReportsReader>();
        services.AddSingleton<GroupSampling>();
        services.AddSingleton<AutoscaleEvaluator>();
        services.AddSingleton<GroupSampler>();
        return services;
    }

    private sealed class AnalyzerOptionsValidator(bool requireGroups) : IValidateOptions<AnalyzerOptions>
    {
        public ValidateOptionsResult Validate(string? name, AnalyzerOptions options)
        {
            var errors = options.Validate(requireGroups).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
