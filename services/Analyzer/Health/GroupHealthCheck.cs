using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrdersAspire.Analysis.Sampling;

namespace OrdersAspire.Analyzer.Health;

/// <summary>The indicator for one group: Healthy while the average lag per partition is at most the
/// threshold; the data carries total lag, average lag, threshold and active consumers.</summary>
public sealed class GroupHealthCheck(string group, AnalysisStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Get(group) is not { } analysis)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Group {group} has not been sampled yet."));
        }

        var h = analysis.Health;
        var data = new Dictionary<string, object>
        {
            ["group"] = group,
            ["totalLag"] = h.TotalLag,
            ["averageLag"] = Math.Round(h.AverageLag, 2),
            ["threshold"] = h.Threshold,
            ["activeConsumers"] = h.ActiveConsumers is { } n ? n : (object)"unknown",
            ["partitions"] = h.Partitions,
            ["status"] = analysis.Status.ToString().ToUpperInvariant(),
        };
        return Task.FromResult(h.Healthy
            ? HealthCheckResult.Healthy(h.Description, data)
            : new HealthCheckResult(context.Registration.FailureStatus, h.Description, data: data));
    }
}
