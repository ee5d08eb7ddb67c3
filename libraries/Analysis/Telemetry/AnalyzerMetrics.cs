using System.Diagnostics.Metrics;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Sampling;

namespace OrdersAspire.Analysis.Telemetry;

/// <summary>Observable gauges over the latest analyses. The first four are named as kafka_exporter names them (no
/// unit, so the Prometheus exporter adds no suffix); ours use the <c>ordersaspire.analyzer.</c> prefix.</summary>
public sealed class AnalyzerMetrics : IDisposable
{
    public const string MeterName = "OrdersAspire.Analyzer";
    private readonly Meter _meter;

    public AnalyzerMetrics(IMeterFactory meterFactory, AnalysisStore store)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("kafka_consumergroup_lag", () => PerPartition(store, p => p.Lag),
            description: "Lag of the consumer group on a partition, in messages (kafka_exporter name).");
        _meter.CreateObservableGauge("kafka_consumergroup_current_offset", () => PerPartition(store, p => p.CurrentOffset ?? -1),
            description: "Committed offset of the consumer group on a partition; -1 when none (kafka_exporter name).");
        _meter.CreateObservableGauge("kafka_topic_partition_current_offset", () => PerTopicPartition(store),
            description: "Log-end offset of a partition (kafka_exporter name).");
        _meter.CreateObservableGauge("kafka_consumergroup_members", () => PerGroup(store, a => a.ActiveMembers),
            description: "Members of the consumer group (kafka_exporter name); no series while the membership is unknown.");

        _meter.CreateObservableGauge("ordersaspire.analyzer.lag_time", () => PerPartition(store, p => p.LagSeconds ?? 0),
            unit: "s", description: "Estimated age of the oldest unconsumed message per partition (interpolated from offset-time samples).");
        _meter.CreateObservableGauge("ordersaspire.analyzer.drain_time", () => PerGroup(store, a => a.TimeToDrainSeconds ?? -1),
            unit: "s", description: "Time to clear the group's lag at current rates; -1 when it is not gaining on the lag.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.imbalance", () => PerGroup(store, a => a.ImbalancePercent),
            unit: "%", description: "Busiest member's load above the mean, in percent.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.hot_partition", () => PerPartition(store, p => p.Hot ? 1 : 0),
            description: "1 when the partition's incoming rate is well above the median.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.status", () => PerGroup(store, a => (int)a.Status),
            description: "Burrow-style status: 1 OK, 2 WARN, 3 ERR.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.rebalances_per_hour", () => PerGroup(store, a => a.RebalancesPerHour),
            description: "Completed rebalances in the last hour; no series for a group without reports (unknown).");
        _meter.CreateObservableGauge("ordersaspire.analyzer.active_alerts", () => PerGroup(store, a => a.Alerts.Count),
            description: "Alerts firing for the group.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.heartbeat_failures", () => PerGroup(store, a => a.HeartbeatFailures),
            description: "Heartbeat failures reported by members within the counter window; no series for a group without reports.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.commit_success_ratio", () => PerGroup(store, a => a.CommitSuccessRatio),
            description: "Share of commits that succeeded within the counter window (0..1); no series for a group without reports.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.messages_lost", () => PerGroup(store, a => a.MessagesLost),
            description: "Messages deleted by retention before the group consumed them.");

        // The decisions counter (ordersaspire.analyzer.autoscale.decisions) is the sampler's: see AutoscaleEvaluator.
        _meter.CreateObservableGauge("ordersaspire.analyzer.autoscale.desired_replicas", () => PerGroup(store, a => a.Autoscale?.Latest.Desired),
            description: "Replicas the autoscaler wants now (one step from the current count); no series without autoscaling.");
        _meter.CreateObservableGauge("ordersaspire.analyzer.autoscale.target_replicas", () => PerGroup(store, a => a.Autoscale?.Latest.Target),
            description: "Replicas the scaling rule asks for (the autoscaler moves towards it one step at a time).");
        _meter.CreateObservableGauge("ordersaspire.analyzer.autoscale.keda_replicas", () => PerGroup(store, a => a.Autoscale?.Latest.KedaReplicas),
            description: "Replicas KEDA's Kafka scaler would ask for from the same lag, for comparison.");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<double>> PerPartition(AnalysisStore store, Func<PartitionAnalysis, double> value) =>
        store.All().SelectMany(a => a.Partitions.Select(p => new Measurement<double>(value(p),
            new("consumergroup", a.Group), new("topic", p.Topic), new("partition", p.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>One measurement per group; a group whose value is unknown (null) has none, rather than a made-up zero.</summary>
    private static IEnumerable<Measurement<double>> PerGroup(AnalysisStore store, Func<GroupAnalysis, double?> value) =>
        store.All().Where(a => value(a) is not null)
            .Select(a => new Measurement<double>(value(a)!.Value, new KeyValuePair<string, object?>("consumergroup", a.Group)));

    private static IEnumerable<Measurement<long>> PerTopicPartition(AnalysisStore store) =>
        store.All().SelectMany(a => a.Partitions).DistinctBy(p => (p.Topic, p.Partition))
            .Select(p => new Measurement<long>(p.LogEndOffset, new("topic", p.Topic), new("partition", p.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
