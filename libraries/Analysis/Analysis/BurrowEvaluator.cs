namespace OrdersAspire.Analysis;

/// <summary>Burrow's consumer evaluation rules (linkedin/Burrow core/internal/evaluator), over a partition's window
/// of commits, oldest first:
/// <list type="number">
/// <item>If the lag is zero now, or was zero at any commit in the window, the partition is OK.</item>
/// <item>REWIND: the committed offset went down between two commits.</item>
/// <item>STOP: the time since the last commit exceeds the span of the window (last − first commit).</item>
/// <item>STALL: the consumer keeps committing the same offset.</item>
/// <item>WARN: offsets move but the lag never decreased between two commits.</item>
/// </list>
/// Checked in that order; the first that applies wins. An empty window is OK (nothing to judge).</summary>
public static class BurrowEvaluator
{
    public static BurrowStatus EvaluatePartition(IReadOnlyList<CommitEntry> window, long currentLag, DateTimeOffset now)
    {
        if (window.Count == 0 || currentLag <= 0 || LagWasZero(window))
        {
            return BurrowStatus.Ok;
        }

        if (OffsetsRewind(window))
        {
            return BurrowStatus.Rewind;
        }

        if (OffsetsStopped(window, now))
        {
            return BurrowStatus.Stop;
        }

        if (OffsetsStalled(window))
        {
            return BurrowStatus.Stall;
        }

        if (LagNotDecreasing(window))
        {
            return BurrowStatus.Warn;
        }

        return BurrowStatus.Ok;
    }

    /// <summary>The worst partition status, anything worse than ERR reported as ERR; OK without partitions.</summary>
    public static BurrowStatus EvaluateGroup(IEnumerable<BurrowStatus> partitions)
    {
        var worst = BurrowStatus.Ok;
        foreach (var status in partitions)
        {
            if (status > worst)
            {
                worst = status;
            }
        }

        return worst > BurrowStatus.Err ? BurrowStatus.Err : worst;
    }

    public static bool LagWasZero(IReadOnlyList<CommitEntry> window) => window.Any(e => e.Lag == 0);

    public static bool OffsetsRewind(IReadOnlyList<CommitEntry> window)
    {
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Offset < window[i - 1].Offset)
            {
                return true;
            }
        }

        return false;
    }

    public static bool OffsetsStopped(IReadOnlyList<CommitEntry> window, DateTimeOffset now) =>
        now - window[^1].Time > window[^1].Time - window[0].Time;

    public static bool OffsetsStalled(IReadOnlyList<CommitEntry> window)
    {
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Offset != window[i - 1].Offset)
            {
                return false;
            }
        }

        return true;
    }

    public static bool LagNotDecreasing(IReadOnlyList<CommitEntry> window)
    {
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Lag < window[i - 1].Lag)
            {
                return false;
            }
        }

        return true;
    }
}
