using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.Analysis;

/// <summary>Groups members' rebalance callbacks into group rebalances. Events that carry a generation are grouped by
/// it; the others by time (a gap longer than <c>gap</c> starts a new rebalance). Only groups containing an
/// assignment count as a completed rebalance.</summary>
public static class RebalanceTimeline
{
    public static IReadOnlyList<GroupRebalance> Build(IEnumerable<MemberRebalanceEvent> events, TimeSpan gap)
    {
        var ordered = events
            .DistinctBy(e => (e.Replica, e.Event.At, e.Event.Kind))
            .OrderBy(e => e.Event.At)
            .ToList();
        var clusters = new List<List<MemberRebalanceEvent>>();
        foreach (var e in ordered)
        {
            var current = clusters.Count > 0 ? clusters[^1] : null;
            var sameGeneration = current is not null && e.Event.Generation is { } g && current.Any(c => c.Event.Generation == g);
            var otherGeneration = current is not null && e.Event.Generation is { } g2 && current.Any(c => c.Event.Generation is { } cg && cg != g2);
            var close = current is not null && e.Event.At - current[^1].Event.At <= gap;
            // A revoke after an assignment starts the next rebalance even when close in time.
            var startsNext = current is not null && e.Event.Kind != RebalanceKind.Assigned
                && current.Any(c => c.Event.Kind == RebalanceKind.Assigned && c.Replica == e.Replica);
            if (current is not null && (sameGeneration || (close && !otherGeneration && !startsNext)))
            {
                current.Add(e);
            }
            else
            {
                clusters.Add([e]);
            }
        }
        return clusters.Select(ToRebalance).ToList();
    }

    /// <summary>Marks each rebalance that an autoscale step set off: the first rebalance starting after a scale-up or
    /// scale-down decision, within <paramref name="within"/> of it and before the next one, gets that step as its
    /// <see cref="GroupRebalance.Cause"/>. A step taken again while the last one settles is the same step.</summary>
    public static IReadOnlyList<GroupRebalance> AttributeScaling(IReadOnlyList<GroupRebalance> rebalances, IEnumerable<AutoscaleDecision> decisions, TimeSpan within)
    {
        var steps = decisions.Where(d => d.Action != ScalingActions.Hold).OrderBy(d => d.At).ToList();
        if (steps.Count == 0)
        {
            return rebalances;
        }

        var causes = new Dictionary<int, string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var until = i + 1 < steps.Count ? Min(steps[i + 1].At, step.At + within) : step.At + within;
            var first = rebalances.Select((r, index) => (r, index)).Where(x => x.r.At >= step.At && x.r.At < until && !causes.ContainsKey(x.index))
                .OrderBy(x => x.r.At).Select(x => (int?)x.index).FirstOrDefault();
            if (first is { } index)
            {
                causes[index] = $"autoscale {step.Action} {step.Current} → {step.Desired}";
            }
        }
        return rebalances.Select((r, index) => causes.TryGetValue(index, out var cause) ? r with { Cause = cause } : r).ToList();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Completed rebalances (with an assignment) in (now − window, now], scaled to one hour.</summary>
    public static double PerHour(IReadOnlyList<GroupRebalance> rebalances, DateTimeOffset now, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window));
        }

        var count = rebalances.Count(r => r.Completed && r.At > now - window && r.At <= now);
        return count * (TimeSpan.FromHours(1) / window);
    }

    private static GroupRebalance ToRebalance(List<MemberRebalanceEvent> cluster)
    {
        var at = cluster[0].Event.At;
        var end = cluster[^1].Event.At;
        var kinds = cluster.Select(c => c.Event.Kind).ToHashSet();
        var kind = kinds.Contains(RebalanceKind.Lost) ? "lost" : kinds.Contains(RebalanceKind.Revoked) ? "revoke" : "join";
        var firstStop = cluster.Where(c => c.Event.Kind != RebalanceKind.Assigned).Select(c => (DateTimeOffset?)c.Event.At).Min();
        var lastAssign = cluster.Where(c => c.Event.Kind == RebalanceKind.Assigned).Select(c => (DateTimeOffset?)c.Event.At).Max();
        var pause = firstStop is { } s && lastAssign is { } a && a > s ? a - s : TimeSpan.Zero;

        var from = new Dictionary<int, string>();
        var to = new Dictionary<int, string>();
        foreach (var e in cluster)
        {
            var target = e.Event.Kind == RebalanceKind.Assigned ? to : from;
            foreach (var p in e.Event.Partitions)
            {
                target[p] = e.Replica;
            }
        }
        var moved = from.Keys.Union(to.Keys).Order()
            .Select(p => new PartitionOwnerChange(p, from.GetValueOrDefault(p), to.GetValueOrDefault(p)))
            .Where(c => c.From != c.To)
            .ToList();
        return new GroupRebalance(at, end, kind, pause, lastAssign is not null, cluster.Select(c => c.Event.Generation).FirstOrDefault(g => g is not null),
            cluster.Select(c => c.Replica).Distinct().Order(StringComparer.Ordinal).ToList(), moved);
    }
}
