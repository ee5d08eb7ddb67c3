namespace OrdersAspire.Analysis;

/// <summary>Messages per second from offsets sampled over time.</summary>
public static class RateCalculator
{
    /// <summary>(last − first) / elapsed over the samples inside (now − window, now]; 0 with fewer than two samples
    /// or when the offset went backwards (a reset is not negative throughput).</summary>
    public static double Rate(IReadOnlyList<OffsetPoint> samples, TimeSpan window, DateTimeOffset now)
    {
        OffsetPoint? first = null;
        OffsetPoint? last = null;
        foreach (var sample in samples)
        {
            if (sample.Time <= now - window || sample.Time > now)
            {
                continue;
            }

            first ??= sample;
            last = sample;
        }
        if (first is null || last is null)
        {
            return 0;
        }

        var seconds = (last.Value.Time - first.Value.Time).TotalSeconds;
        var delta = last.Value.Offset - first.Value.Offset;
        return seconds <= 0 || delta <= 0 ? 0 : delta / seconds;
    }
}
