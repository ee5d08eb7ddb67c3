namespace OrdersAspire.Analysis;

/// <summary>Measures what one replica processes when it is not waiting for work: the group's processing rate per member
/// over samples during which the group had lag throughout the rate window (a caught-up group processes only what
/// arrives, which says nothing about its capacity). The estimate is the median of those samples within the window it
/// keeps; null until there is one. No I/O, time from the caller; not thread-safe.</summary>
public sealed class CapacityEstimator(TimeSpan rateWindow, TimeSpan keep)
{
    private readonly List<(DateTimeOffset At, long Lag)> _lags = [];
    private readonly List<(DateTimeOffset At, double PerReplica)> _saturated = [];

    /// <param name="members">live members; null when unknown (then nothing can be measured per replica).</param>
    public void Observe(DateTimeOffset now, long totalLag, double processingRate, int? members)
    {
        _lags.Add((now, totalLag));
        _lags.RemoveAll(l => l.At < now - rateWindow);
        _saturated.RemoveAll(s => s.At <= now - keep);
        // Lagging for the whole rate window: the oldest kept sample is at least a window old and none had zero lag.
        var laggingThroughout = _lags[0].At <= now - rateWindow + TimeSpan.FromTicks(rateWindow.Ticks / 10) && _lags.All(l => l.Lag > 0);
        if (laggingThroughout && members is > 0 && processingRate > 0)
        {
            _saturated.Add((now, processingRate / members.Value));
        }
    }

    /// <summary>Messages per second one replica processed while the group had a backlog; null when never measured.</summary>
    public double? PerReplica
    {
        get
        {
            if (_saturated.Count == 0)
            {
                return null;
            }

            var sorted = _saturated.Select(s => s.PerReplica).Order().ToList();
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
