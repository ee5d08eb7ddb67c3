using System.Globalization;

namespace OrdersAspire.Analyzer.Analysis;

/// <summary>Replicas needed to drain the lag within a target time while keeping up with the incoming rate:
/// required rate = incoming + lag / target; replicas = ⌈required / per-replica rate⌉, at least 1, at most the partition
/// count (a partition is consumed by one member, so more replicas would sit idle). A single partition whose own
/// required rate exceeds what one replica does is a ceiling no replica count lifts: the advice says so.</summary>
public static class ReplicaAdvisor
{
    /// <param name="partitions">partition → (lag, incoming rate).</param>
    /// <param name="perReplicaRate">messages per second one replica processes (measured peak or configured).</param>
    public static ReplicaAdvice Advise(
        IReadOnlyDictionary<int, (long Lag, double IncomingRate)> partitions,
        int currentReplicas,
        double perReplicaRate,
        TimeSpan target)
    {
        if (target <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(target), target, "the drain target must be positive");
        var count = partitions.Count;
        var lag = partitions.Values.Sum(p => p.Lag);
        var incoming = partitions.Values.Sum(p => p.IncomingRate);
        var required = incoming + lag / target.TotalSeconds;

        if (count == 0)
            return new(currentReplicas, currentReplicas, 0, 0, perReplicaRate, target, false, null, "no partitions known yet");
        if (perReplicaRate <= 0)
        {
            return new(currentReplicas, currentReplicas, count, required, 0, target, false, null,
                "no processing rate measured yet: keep the current replica count until the group has processed messages");
        }

        var ideal = (int)Math.Ceiling(required / perReplicaRate - 1e-9);
        var recommended = Math.Clamp(ideal, 1, count);
        var capped = ideal > count;

        var worst = partitions.Select(p => (p.Key, Required: p.Value.IncomingRate + p.Value.Lag / target.TotalSeconds)).MaxBy(p => p.Required);
        int? limiting = worst.Required > perReplicaRate ? worst.Key : null;

        var text = $"to process {F(incoming)} msg/s incoming and drain {lag} messages within {target.TotalSeconds:0} s the group needs "
            + $"{F(required)} msg/s; one replica does {F(perReplicaRate)} msg/s → {recommended} replica(s)";
        if (capped)
            text += $" (capped at the {count} partitions: {ideal} would be needed, extra replicas would sit idle)";
        if (limiting is { } hot)
        {
            text += $"; partition {hot} alone needs {F(worst.Required)} msg/s, more than one replica does, so no replica count "
                + $"drains it in time: spread its keys or raise per-replica throughput";
        }
        return new(currentReplicas, recommended, count, required, perReplicaRate, target, capped, limiting, text);
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
