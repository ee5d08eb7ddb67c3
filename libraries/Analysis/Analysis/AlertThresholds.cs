namespace OrdersAspire.Analysis;

/// <summary>Alert thresholds (configuration section <c>Analyzer:Alerts</c>); defaults are the lesson's.</summary>
public sealed class AlertThresholds
{
    /// <summary>Total lag of the group, in messages, above which <c>lag-high</c> fires.</summary>
    public long MaxLag { get; set; } = 1000;

    /// <summary><c>processing-rate-low</c> fires, while there is lag, when processing / capacity is below this.</summary>
    public double MinProcessingRatio { get; set; } = 0.8;

    /// <summary>Messages per second one replica can process; 0 = use the incoming rate as the capacity needed.</summary>
    public double CapacityPerReplica { get; set; }

    public double MaxRebalancesPerHour { get; set; } = 5;

    public double MaxImbalancePercent { get; set; } = 20;

    /// <summary>Heartbeat failures within <see cref="CounterWindowSeconds"/> above which <c>heartbeat-failures</c> fires.</summary>
    public long MaxHeartbeatFailures { get; set; }

    /// <summary>Commit success ratio (0..1) within <see cref="CounterWindowSeconds"/> below which <c>commit-success-low</c> fires.</summary>
    public double MinCommitSuccessRatio { get; set; } = 0.99;

    /// <summary>Average lag per partition above which the group is Unhealthy.</summary>
    public long HealthLagThreshold { get; set; } = 1000;

    /// <summary>A partition is hot when its incoming rate exceeds this factor × the median…</summary>
    public double HotPartitionFactor { get; set; } = 2.0;

    /// <summary>…and at least this many messages per second.</summary>
    public double HotPartitionMinRate { get; set; } = 1.0;

    /// <summary>Window for counters (heartbeat failures, commit success).</summary>
    public int CounterWindowSeconds { get; set; } = 300;

    public IEnumerable<string> Validate()
    {
        if (MaxLag < 0)
        {
            yield return $"{nameof(MaxLag)} must be ≥ 0";
        }

        if (MinProcessingRatio is < 0 or > 1)
        {
            yield return $"{nameof(MinProcessingRatio)} must be within 0..1";
        }

        if (CapacityPerReplica < 0)
        {
            yield return $"{nameof(CapacityPerReplica)} must be ≥ 0";
        }

        if (MaxRebalancesPerHour < 0)
        {
            yield return $"{nameof(MaxRebalancesPerHour)} must be ≥ 0";
        }

        if (MaxImbalancePercent < 0)
        {
            yield return $"{nameof(MaxImbalancePercent)} must be ≥ 0";
        }

        if (MaxHeartbeatFailures < 0)
        {
            yield return $"{nameof(MaxHeartbeatFailures)} must be ≥ 0";
        }

        if (MinCommitSuccessRatio is < 0 or > 1)
        {
            yield return $"{nameof(MinCommitSuccessRatio)} must be within 0..1";
        }

        if (HealthLagThreshold < 0)
        {
            yield return $"{nameof(HealthLagThreshold)} must be ≥ 0";
        }

        if (HotPartitionFactor < 1)
        {
            yield return $"{nameof(HotPartitionFactor)} must be ≥ 1";
        }

        if (HotPartitionMinRate < 0)
        {
            yield return $"{nameof(HotPartitionMinRate)} must be ≥ 0";
        }

        if (CounterWindowSeconds < 1)
        {
            yield return $"{nameof(CounterWindowSeconds)} must be ≥ 1";
        }
    }
}
