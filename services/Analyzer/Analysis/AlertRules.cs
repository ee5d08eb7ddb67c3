using System.Globalization;

namespace OrdersAspire.Analyzer.Analysis;

/// <summary>The alert rules: the seed's six (lag, processing rate vs capacity, rebalances per hour, imbalance,
/// heartbeat failures, commit success) plus group unhealthy, hot partition, consumer down and data lost to retention.
/// Each returns a condition, firing or not, with the current value and its threshold.</summary>
public static class AlertRules
{
    public static IReadOnlyList<AlertCondition> Evaluate(AlertInputs inputs, AlertThresholds t)
    {
        var capacity = t.CapacityPerReplica > 0 ? t.CapacityPerReplica * Math.Max(inputs.ActiveMembers, 0) : inputs.IncomingRate;
        var ratio = capacity > 0 ? inputs.ProcessingRate / capacity : 1;
        var hottest = inputs.HotPartitions.MaxBy(h => h.IncomingRate);
        return
        [
            new(AlertNames.LagHigh, inputs.TotalLag > t.MaxLag, "warning", inputs.TotalLag, t.MaxLag,
                $"total lag {inputs.TotalLag} messages (threshold {t.MaxLag})"),
            new(AlertNames.ProcessingRateLow, inputs.TotalLag > 0 && capacity > 0 && ratio < t.MinProcessingRatio, "warning", Math.Round(ratio, 3), t.MinProcessingRatio,
                $"processing {F(inputs.ProcessingRate)} msg/s is {ratio:P0} of the {F(capacity)} msg/s capacity needed (threshold {t.MinProcessingRatio:P0})"),
            new(AlertNames.RebalancesFrequent, inputs.RebalancesPerHour > t.MaxRebalancesPerHour, "warning", inputs.RebalancesPerHour, t.MaxRebalancesPerHour,
                $"{F(inputs.RebalancesPerHour)} rebalances per hour (threshold {F(t.MaxRebalancesPerHour)})"),
            new(AlertNames.ImbalanceHigh, inputs.ImbalancePercent > t.MaxImbalancePercent, "info", Math.Round(inputs.ImbalancePercent, 1), t.MaxImbalancePercent,
                $"busiest member carries {inputs.ImbalancePercent:0.#}% more than the mean (threshold {F(t.MaxImbalancePercent)}%)"),
            new(AlertNames.HeartbeatFailures, inputs.HeartbeatFailures > t.MaxHeartbeatFailures, "warning", inputs.HeartbeatFailures, t.MaxHeartbeatFailures,
                $"{inputs.HeartbeatFailures} heartbeat failure(s) in the window (threshold {t.MaxHeartbeatFailures})"),
            new(AlertNames.CommitSuccessLow, inputs.CommitSuccessRatio < t.MinCommitSuccessRatio, "warning", Math.Round(inputs.CommitSuccessRatio, 4), t.MinCommitSuccessRatio,
                $"commit success {inputs.CommitSuccessRatio:P1} (threshold {t.MinCommitSuccessRatio:P0})"),
            new(AlertNames.GroupUnhealthy, !inputs.Health.Healthy, "critical", Math.Round(inputs.Health.AverageLag, 1), inputs.Health.Threshold,
                inputs.Health.Description),
            new(AlertNames.HotPartition, inputs.HotPartitions.Count > 0, "info", hottest?.IncomingRate ?? 0, t.HotPartitionFactor,
                hottest is null ? "no hot partition"
                    : $"hot partition(s) {string.Join(", ", inputs.HotPartitions.Select(h => h.Partition))}: partition {hottest.Partition} receives {F(hottest.IncomingRate)} msg/s vs median {F(hottest.MedianRate)}"),
            new(AlertNames.ConsumerDown, inputs.DownMembers.Count > 0, "critical", inputs.DownMembers.Count, 0,
                inputs.DownMembers.Count == 0 ? "no consumer down" : $"stopped reporting without leaving: {string.Join(", ", inputs.DownMembers)}"),
            new(AlertNames.DataLost, inputs.MessagesLost > 0, "critical", inputs.MessagesLost, 0,
                $"{inputs.MessagesLost} message(s) deleted by retention before the group consumed them"),
        ];
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
