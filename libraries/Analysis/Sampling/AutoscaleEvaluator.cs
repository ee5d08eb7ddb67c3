using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Scaling;
using OrdersAspire.Analysis.Telemetry;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Evaluates the scaling rule on each sample of a group whose autoscaling is enabled (<c>Analyzer:Autoscale</c>),
/// with the same capacity and drain target as the replica advice; logs and counts each decision that changes something,
/// and marks the rebalances the steps set off. The AppHost's autoscaler applies the decisions. Owned by the sampler; not
/// thread-safe.</summary>
public sealed partial class AutoscaleEvaluator(IOptions<AnalyzerOptions> options, IMeterFactory meterFactory, ILogger<AutoscaleEvaluator> logger)
{
    private readonly Counter<long> _decisions = meterFactory.Create(AnalyzerMetrics.MeterName).CreateCounter<long>("ordersaspire.analyzer.autoscale.decisions",
        description: "Autoscale decisions that changed the action, current or desired replica count, by group and action (scale-up, scale-down, hold).");

    /// <summary>How long after a step its rebalance is looked for (a replica starting and joining takes seconds).</summary>
    public static readonly TimeSpan RebalanceAttribution = TimeSpan.FromSeconds(60);

    private readonly AnalyzerOptions _options = options.Value;
    private readonly Dictionary<string, AutoscaleTracker> _trackers = new(StringComparer.Ordinal);

    public GroupAnalysis Evaluate(GroupAnalysis analysis)
    {
        if (_options.AutoscaleFor(analysis.Group) is not { Enabled: true } settings)
        {
            return analysis;
        }

        if (!_trackers.TryGetValue(analysis.Group, out var tracker))
        {
            _trackers[analysis.Group] = tracker = new AutoscaleTracker(analysis.Group, settings);
        }

        var loads = analysis.Partitions.Select(p => new PartitionLoad(p.Partition, p.Lag, p.IncomingRate)).ToList();
        var capacity = ReplicaAdvisor.Capacity(null, _options.Alerts.CapacityPerReplica, analysis.MeasuredReplicaCapacity);
        var (status, changed) = tracker.Evaluate(analysis.At, loads, analysis.ActiveMembers, capacity, TimeSpan.FromSeconds(_options.DrainTargetSeconds));
        if (changed)
        {
            var d = status.Latest;
            LogDecision(d.Group, d.Action, d.Current, d.Desired, d.Target, d.KedaReplicas, d.Reason, d.TotalLag,
                string.Join(' ', d.PartitionLag.Select(p => $"{p.Key}:{p.Value}")), d.PerReplicaRate, d.CapacitySource, d.Explanation);
            _decisions.Add(1, new KeyValuePair<string, object?>("consumergroup", d.Group), new KeyValuePair<string, object?>("action", d.Action));
        }
        return analysis with
        {
            Autoscale = status,
            Rebalances = RebalanceTimeline.AttributeScaling(analysis.Rebalances, status.Recent, RebalanceAttribution),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Autoscale {Group}: {Action} {Current} → {Desired} (target {Target}, KEDA {Keda}): {Reason}; "
        + "lag {Lag} per partition [{PartitionLag}], capacity {Capacity} msg/s per replica ({CapacitySource}); {Explanation}")]
    private partial void LogDecision(string group, string action, int? current, int? desired, int target, int keda, string reason, long lag,
        string partitionLag, double? capacity, string capacitySource, string explanation);
}
