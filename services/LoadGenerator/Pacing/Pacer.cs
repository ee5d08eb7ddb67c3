namespace OrdersAspire.LoadGenerator.Pacing;

/// <summary>
/// Open-loop pacing against the time elapsed since the job started: order i (0-based) is due at
/// i / rate seconds, so by elapsed time t, min(total, ⌊t · rate⌋ + 1) orders are due. Because the schedule
/// is a function of elapsed time (not of sleep lengths), it does not drift over long jobs; a caller that
/// falls behind catches up, at most <see cref="MaxBatch"/> orders per call. Pure: the caller supplies the clock.
/// </summary>
public sealed class Pacer
{
    /// <summary>A catch-up releases at most this much of the schedule at once.</summary>
    public static readonly TimeSpan MaxBatchWindow = TimeSpan.FromMilliseconds(100);

    public Pacer(int ratePerSecond, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        RatePerSecond = ratePerSecond;
        Total = total;
        MaxBatch = (int)Math.Max(1, (long)ratePerSecond * MaxBatchWindow.Ticks / TimeSpan.TicksPerSecond);
    }

    public int RatePerSecond { get; }

    public long Total { get; }

    /// <summary>The largest number of orders one <see cref="Take"/> releases.</summary>
    public int MaxBatch { get; }

    /// <summary>Orders released so far.</summary>
    public long Released { get; private set; }

    public bool IsComplete => Released >= Total;

    /// <summary>How many orders the schedule says are due by <paramref name="elapsed"/> (capped at the total).</summary>
    public long DueBy(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return 0;
        }

        var due = (Int128)elapsed.Ticks * RatePerSecond / TimeSpan.TicksPerSecond + 1;
        return due >= Total ? Total : (long)due;
    }

    /// <summary>Releases the orders due by <paramref name="elapsed"/> that were not released yet, at most <see cref="MaxBatch"/>.</summary>
    public int Take(TimeSpan elapsed)
    {
        var deficit = DueBy(elapsed) - Released;
        if (deficit <= 0)
        {
            return 0;
        }

        var released = (int)Math.Min(deficit, MaxBatch);
        Released += released;
        return released;
    }

    /// <summary>When the next unreleased order is due (elapsed time from the start), or null when all are released.</summary>
    public TimeSpan? NextDueAt()
    {
        if (IsComplete)
        {
            return null;
        }

        // Order index Released is due at the first tick t with ⌊t · rate / ticksPerSecond⌋ ≥ Released.
        var ticks = ((Int128)Released * TimeSpan.TicksPerSecond + RatePerSecond - 1) / RatePerSecond;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }
}
