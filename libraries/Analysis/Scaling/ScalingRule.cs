using System.Globalization;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analysis.Scaling;

/// <summary>The one scaling rule, shared by the autoscaler and the replica advice. Pure: no I/O, no clock.
/// <para>KEDA's Kafka scaler reports the total lag (capped at partitions × lagThreshold unless allowIdleConsumers), and
/// the HPA turns it into ⌈lag ÷ lagThreshold⌉ replicas within min..max; below activationLagThreshold the trigger is
/// inactive. <see cref="Target"/> starts from the same count and improves on it where the partitions say more:</para>
/// <list type="bullet">
/// <item>Each partition's lag counts up to one LagThreshold: a partition is consumed by one member, so a hot partition's
/// lag beyond one replica's share is lag no added replica can take (KEDA's limitToPartitionsWithLag bounds only the count
/// of lagging partitions).</item>
/// <item>With a known per-replica capacity C: no more replicas than drain the lag within the target time
/// (Σ min(incoming + lag ÷ target, C) ÷ C), and never fewer than keep up with what arrives (Σ min(incoming, C) ÷ C), so a
/// group is not scaled down into lag it will build again. Each partition again counts up to one replica: a partition that
/// needs more than C alone is a ceiling no replica count lifts.</item>
/// </list>
/// <see cref="Step"/> then moves one replica at a time: up at once, down only when every recommendation within the
/// stabilization window (CooldownSeconds) is below the current count, as the HPA's scale-down stabilization.</summary>
public static class ScalingRule
{
    private const double Epsilon = 1e-9;

    /// <param name="capacity">messages per second one replica processes, and where that figure comes from; null when unknown.</param>
    /// <param name="drainTarget">the time within which the lag should be gone, for the capacity term.</param>
    public static ScalingTarget Target(
        IReadOnlyCollection<PartitionLoad> partitions,
        (double? PerReplica, string Source) capacity,
        TimeSpan drainTarget,
        AutoscaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(settings);
        if (drainTarget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(drainTarget), drainTarget, "the drain target must be positive");
        }

        var threshold = settings.LagThreshold;
        if (threshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), threshold, "the lag threshold must be positive");
        }

        var count = partitions.Count;
        var totalLag = partitions.Sum(p => p.Lag);
        var incoming = partitions.Sum(p => p.IncomingRate);
        var seconds = drainTarget.TotalSeconds;
        var required = incoming + totalLag / seconds;
        var perReplica = capacity.PerReplica is > 0 ? capacity.PerReplica : null;
        var source = perReplica is null ? CapacitySources.Unknown : capacity.Source;
        var ceiling = Math.Max(settings.Min, Math.Min(settings.Max, count));
        var overThreshold = partitions.Where(p => p.Lag > threshold).Select(p => p.Partition).Order().ToList();

        if (count == 0)
        {
            return new(settings.Min, ScalingBases.NoPartitions, settings.Min, 0, null, null, 0, 0, 0, perReplica, source, 0, ceiling,
                false, null, [], $"no partitions known yet → Min {settings.Min}");
        }

        var active = totalLag > settings.ActivationLagThreshold;
        // KEDA: total lag, capped at partitions × threshold (allowIdleConsumers false), then the HPA's ⌈metric ÷ target⌉.
        var kedaUncapped = active ? CeilDiv(totalLag, threshold) : 0;
        var keda = active ? Math.Clamp(Math.Min(kedaUncapped, count), settings.Min, Math.Max(settings.Min, settings.Max)) : settings.Min;
        var lagReplicas = active ? (int)Math.Ceiling(partitions.Sum(p => (double)Math.Min(p.Lag, threshold)) / threshold - Epsilon) : 0;

        int? keepUp = null, drain = null;
        int? limiting = null;
        double worstRequired = 0;
        var want = lagReplicas;
        var basis = active ? ScalingBases.Lag : ScalingBases.BelowActivation;
        var uncapped = (long)kedaUncapped;
        if (perReplica is { } c)
        {
            keepUp = Replicas(partitions.Select(p => p.IncomingRate), c);
            drain = Replicas(partitions.Select(p => p.IncomingRate + p.Lag / seconds), c);
            var byLagOrDrain = Math.Min(lagReplicas, drain.Value);
            want = Math.Max(keepUp.Value, byLagOrDrain);
            if (keepUp > byLagOrDrain)
            {
                basis = ScalingBases.KeepUp;
            }
            else if (drain < lagReplicas)
            {
                basis = ScalingBases.Drain;
            }

            uncapped = Math.Max((long)Math.Ceiling(incoming / c - Epsilon), Math.Min(kedaUncapped, (long)Math.Ceiling(required / c - Epsilon)));
            var worst = partitions.Select(p => (p.Partition, Required: p.IncomingRate + p.Lag / seconds)).MaxBy(p => p.Required);
            worstRequired = worst.Required;
            limiting = worst.Required > c ? worst.Partition : null;
        }

        var replicas = Math.Clamp(want, settings.Min, ceiling);
        if (replicas > want)
        {
            basis = active || keepUp > 0 ? ScalingBases.Min : basis;
        }
        else if (replicas < want)
        {
            basis = ScalingBases.Ceiling;
        }

        var text = new List<string>();
        text.Add(active
            ? $"lag {totalLag} over {count} partitions at {threshold} per replica: KEDA asks for {keda}"
            : $"lag {totalLag} ≤ activation {settings.ActivationLagThreshold}: the lag asks for no replica (KEDA: Min {settings.Min})");
        if (active && lagReplicas < Math.Min(kedaUncapped, count))
        {
            text.Add($"partition(s) {string.Join(", ", overThreshold)} carry lag beyond one replica's share, which no added replica can take "
                + $"(a partition is consumed by one member): {lagReplicas} for the lag");
        }
        if (perReplica is { } capacityPerReplica)
        {
            text.Add($"one replica does {F(capacityPerReplica)} msg/s ({source}): {keepUp} keep up with {F(incoming)} msg/s incoming, "
                + $"{drain} drain the lag within {seconds:0} s");
            if (limiting is { } hot)
            {
                text.Add($"partition {hot} alone needs {F(worstRequired)} msg/s, more than one replica does, so no replica count drains it in time: spread its keys or raise per-replica throughput");
            }
        }
        else
        {
            text.Add("what one replica can process is unknown (it is measured only while the group has lag; configure "
                + "Analyzer:Alerts:CapacityPerReplica, or pass replicaRate to the advice): the lag alone decides");
        }
        var capped = uncapped > count;
        if (capped)
        {
            text.Add($"capped at the {count} partitions: {uncapped} would be asked, extra replicas would sit idle");
        }

        text.Add(basis switch
        {
            ScalingBases.Min => $"→ {replicas} (Min)",
            ScalingBases.Ceiling => $"→ {replicas} (at most {ceiling}: Max {settings.Max}, {count} partitions)",
            ScalingBases.Drain => $"→ {replicas}: fewer than the lag asks, enough to drain it in time",
            ScalingBases.KeepUp => $"→ {replicas}: what keeps up with the incoming rate",
            _ => $"→ {replicas}",
        });
        return new(replicas, basis, keda, lagReplicas, keepUp, drain, totalLag, Math.Round(incoming, 3), Math.Round(required, 3), perReplica, source,
            count, ceiling, capped, limiting, overThreshold, string.Join("; ", text));
    }

    /// <summary>One step from <paramref name="current"/> towards <paramref name="target"/>. <paramref name="stabilized"/> is the
    /// highest recommendation within the stabilization window (see <see cref="Stabilized"/>): a scale-down happens only
    /// when it too is below the current count.</summary>
    /// <param name="current">live members; null when unknown (then nothing moves).</param>
    public static ScalingStep Step(int? current, int target, int stabilized, int ceiling, AutoscaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (current is not { } now)
        {
            return new(null, target, stabilized, null, ScalingActions.Hold, "membership unknown: no step");
        }

        if (now < settings.Min)
        {
            return new(now, target, stabilized, now + 1, ScalingActions.ScaleUp, $"{now} below Min {settings.Min}: one up");
        }

        if (now > ceiling)
        {
            return new(now, target, stabilized, now - 1, ScalingActions.ScaleDown, $"{now} above the ceiling {ceiling}: one down");
        }

        if (target > now)
        {
            return new(now, target, stabilized, now + 1, ScalingActions.ScaleUp, $"target {target} above {now}: one up, at once");
        }

        if (target < now && stabilized < now)
        {
            return new(now, target, stabilized, now - 1, ScalingActions.ScaleDown,
                $"target {target}, every recommendation in the stabilization window at most {stabilized}: one down");
        }
        if (target < now)
        {
            return new(now, target, stabilized, now, ScalingActions.Hold,
                $"target {target} below {now}, but {stabilized} was recommended within the stabilization window: waiting");
        }
        return new(now, target, stabilized, now, ScalingActions.Hold, $"at target {target}");
    }

    /// <summary>The HPA's scale-down stabilization: the highest recommendation within (now − window, now].</summary>
    public static int Stabilized(IEnumerable<(DateTimeOffset At, int Replicas)> recommendations, DateTimeOffset now, TimeSpan window, int latest) =>
        recommendations.Where(r => r.At > now - window && r.At <= now).Select(r => r.Replicas).Append(latest).Max();

    /// <summary>Replicas to carry the per-partition rates at <paramref name="perReplica"/> each, a partition counting up
    /// to one replica (its own member is the most it can use).</summary>
    private static int Replicas(IEnumerable<double> partitionRates, double perReplica) =>
        (int)Math.Ceiling(partitionRates.Sum(r => Math.Min(r, perReplica)) / perReplica - Epsilon);

    private static int CeilDiv(long value, long divisor) => (int)Math.Min(int.MaxValue, (value + divisor - 1) / divisor);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
