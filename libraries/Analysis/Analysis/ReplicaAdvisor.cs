using System.Globalization;

namespace OrdersAspire.Analysis;

/// <summary>Replicas needed to drain the lag within a target time while keeping up with the incoming rate:
/// required rate = incoming + lag / target; replicas = ⌈required / per-replica capacity⌉, at least 1, at most the
/// partition count (a partition is consumed by one member, so more replicas would sit idle). The capacity is what one
/// replica processes when it has a backlog (requested, configured or measured while the group lagged), never the rate of
/// a caught-up group, which only shows what arrives; without one there is no advice. A single partition whose own
/// required rate exceeds one replica's capacity is a ceiling no replica count lifts: the advice says so.</summary>
public static class ReplicaAdvisor
{
    /// <summary>The capacity to advise with: the request's, else the configured one (&gt; 0), else the measured one.</summary>
    public static (double? PerReplica, string Source) Capacity(double? requested, double configured, double? measured) =>
        requested is > 0 ? (requested, CapacitySources.Request)
        : configured > 0 ? (configured, CapacitySources.Configured)
        : measured is > 0 ? (measured, CapacitySources.Measured)
        : (null, CapacitySources.Unknown);

    /// <param name="partitions">partition → (lag, incoming rate).</param>
    /// <param name="currentReplicas">live members; null when the membership is unknown.</param>
    /// <param name="capacity">messages per second one replica processes, and where that figure comes from.</param>
    public static ReplicaAdvice Advise(
        IReadOnlyDictionary<int, (long Lag, double IncomingRate)> partitions,
        int? currentReplicas,
        (double? PerReplica, string Source) capacity,
        TimeSpan target)
    {
        if (target <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(target), target, "the drain target must be positive");
        var count = partitions.Count;
        var lag = partitions.Values.Sum(p => p.Lag);
        var incoming = partitions.Values.Sum(p => p.IncomingRate);
        var required = incoming + lag / target.TotalSeconds;

        if (count == 0)
            return new(currentReplicas, null, 0, 0, capacity.PerReplica, capacity.Source, target, false, null, "no partitions known yet");
        if (capacity.PerReplica is not { } perReplica || perReplica <= 0)
        {
            return new(currentReplicas, null, count, required, null, CapacitySources.Unknown, target, false, null,
                $"the group needs {F(required)} msg/s, but what one replica can process is unknown: it is measured only while the group "
                + "has lag (a caught-up group shows the incoming rate, not its capacity); configure Analyzer:Alerts:CapacityPerReplica "
                + "or pass replicaRate to get advice");
        }

        var ideal = (int)Math.Ceiling(required / perReplica - 1e-9);
        var recommended = Math.Clamp(ideal, 1, count);
        var capped = ideal > count;

        var worst = partitions.Select(p => (p.Key, Required: p.Value.IncomingRate + p.Value.Lag / target.TotalSeconds)).MaxBy(p => p.Required);
        int? limiting = worst.Required > perReplica ? worst.Key : null;

        var text = $"to process {F(incoming)} msg/s incoming and drain {lag} messages within {target.TotalSeconds:0} s the group needs "
            + $"{F(required)} msg/s; one replica does {F(perReplica)} msg/s ({capacity.Source}) → {recommended} replica(s)";
        if (capped)
            text += $" (capped at the {count} partitions: {ideal} would be needed, extra replicas would sit idle)";
        if (limiting is { } hot)
        {
            text += $"; partition {hot} alone needs {F(worst.Required)} msg/s, more than one replica does, so no replica count "
                + $"drains it in time: spread its keys or raise per-replica throughput";
        }
        return new(currentReplicas, recommended, count, required, perReplica, capacity.Source, target, capped, limiting, text);
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
