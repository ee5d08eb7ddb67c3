using System.Globalization;

namespace OrdersAspire.Analysis;

/// <summary>The alert rules: the lesson's six (lag, processing rate vs capacity, rebalances per hour, imbalance,
/// heartbeat failures, commit success) plus group unhealthy, hot partition, consumer down and data lost to retention.
/// Each returns a condition, firing or not, with the current value and its threshold; a rule whose input is unknown (the
/// group publishes no reports) is returned as not evaluable, never as quiet.</summary>
public static class AlertRules
{
    public const string NeedsReports = "not evaluable: needs the consumers' reports, and this group publishes none";

    public static IReadOnlyList<AlertCondition> Evaluate(AlertInputs inputs, AlertThresholds t)
    {
        var hottest = inputs.HotPartitions.MaxBy(h => h.IncomingRate);
        return
        [
            new(AlertNames.LagHigh, inputs.TotalLag > t.MaxLag, "warning", inputs.TotalLag, t.MaxLag,
                $"total lag {inputs.TotalLag} messages (threshold {t.MaxLag})"),
            ProcessingRate(inputs, t),
            inputs.RebalancesPerHour is not { } perHour
                ? AlertCondition.NotEvaluable(AlertNames.RebalancesFrequent, "warning", t.MaxRebalancesPerHour, NeedsReports)
                : new(AlertNames.RebalancesFrequent, perHour > t.MaxRebalancesPerHour, "warning", perHour, t.MaxRebalancesPerHour,
                    $"{F(perHour)} rebalances per hour (threshold {F(t.MaxRebalancesPerHour)})"),
            new(AlertNames.ImbalanceHigh, inputs.ImbalancePercent > t.MaxImbalancePercent, "info", Math.Round(inputs.ImbalancePercent, 1), t.MaxImbalancePercent,
                $"busiest member carries {inputs.ImbalancePercent:0.#}% more than the mean (threshold {F(t.MaxImbalancePercent)}%)"),
            inputs.HeartbeatFailures is not { } heartbeats
                ? AlertCondition.NotEvaluable(AlertNames.HeartbeatFailures, "warning", t.MaxHeartbeatFailures, NeedsReports)
                : new(AlertNames.HeartbeatFailures, heartbeats > t.MaxHeartbeatFailures, "warning", heartbeats, t.MaxHeartbeatFailures,
                    $"{heartbeats} heartbeat failure(s) in the window (threshold {t.MaxHeartbeatFailures})"),
            inputs.CommitSuccessRatio is not { } commits
                ? AlertCondition.NotEvaluable(AlertNames.CommitSuccessLow, "warning", t.MinCommitSuccessRatio, NeedsReports)
                : new(AlertNames.CommitSuccessLow, commits < t.MinCommitSuccessRatio, "warning", Math.Round(commits, 4), t.MinCommitSuccessRatio,
                    $"commit success {commits:P1} (threshold {t.MinCommitSuccessRatio:P0})"),
            new(AlertNames.GroupUnhealthy, !inputs.Health.Healthy, "critical", Math.Round(inputs.Health.AverageLag, 1), inputs.Health.Threshold,
                inputs.Health.Description),
            new(AlertNames.HotPartition, inputs.HotPartitions.Count > 0, "info", hottest?.IncomingRate ?? 0, t.HotPartitionFactor,
                hottest is null ? "no hot partition"
                    : $"hot partition(s) {string.Join(", ", inputs.HotPartitions.Select(h => h.Partition))}: partition {hottest.Partition} receives {F(hottest.IncomingRate)} msg/s vs median {F(hottest.MedianRate)}"),
            inputs.DownMembers is not { } down
                ? AlertCondition.NotEvaluable(AlertNames.ConsumerDown, "critical", 0, NeedsReports)
                : new(AlertNames.ConsumerDown, down.Count > 0, "critical", down.Count, 0,
                    down.Count == 0 ? "no consumer down" : $"stopped reporting without leaving: {string.Join(", ", down)}"),
            new(AlertNames.DataLost, inputs.MessagesLost > 0, "critical", inputs.MessagesLost, 0,
                $"{inputs.MessagesLost} message(s) deleted by retention before the group consumed them"),
        ];
    }

    /// <summary>Processing vs the capacity needed: the configured capacity × members, else the incoming rate. With a
    /// configured capacity and an unknown member count it cannot be judged.</summary>
    private static AlertCondition ProcessingRate(AlertInputs inputs, AlertThresholds t)
    {
        if (t.CapacityPerReplica > 0 && inputs.ActiveMembers is null)
        {
            return AlertCondition.NotEvaluable(AlertNames.ProcessingRateLow, "warning", t.MinProcessingRatio,
                "not evaluable: Analyzer:Alerts:CapacityPerReplica is per member, and this group's members are unknown");
        }
        var capacity = t.CapacityPerReplica > 0 ? t.CapacityPerReplica * Math.Max(inputs.ActiveMembers ?? 0, 0) : inputs.IncomingRate;
        var ratio = capacity > 0 ? inputs.ProcessingRate / capacity : 1;
        return new(AlertNames.ProcessingRateLow, inputs.TotalLag > 0 && capacity > 0 && ratio < t.MinProcessingRatio, "warning", Math.Round(ratio, 3), t.MinProcessingRatio,
            $"processing {F(inputs.ProcessingRate)} msg/s is {ratio:P0} of the {F(capacity)} msg/s capacity needed (threshold {t.MinProcessingRatio:P0})");
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
