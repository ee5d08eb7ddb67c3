namespace OrdersAspire.Analysis;

/// <summary>kafka-lag-exporter's lookup table: a bounded history of (log-end offset, time) points for one partition,
/// used to estimate when a given offset was produced and so how far behind, in time, a committed offset is.
/// <list type="bullet">
/// <item>Points must move forward in time and not backward in offset; an out-of-order point is ignored and a lower
///   offset (the topic was recreated) clears the table.</item>
/// <item>Flat stretches are compressed: when the last two points and the new one share an offset, the last point
///   moves right instead of adding one, so an idle partition does not fill the table.</item>
/// <item>Lookup interpolates between the two points around the offset, or extrapolates from the first and last
///   points when the offset is older than the table.</item>
/// </list></summary>
public sealed class OffsetTimeTable(int limit = 120)
{
    private readonly List<OffsetPoint> _points = [];

    public int Limit { get; } = limit >= 2 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "a table needs at least 2 points");

    public IReadOnlyList<OffsetPoint> Points => _points;

    public void Add(OffsetPoint point)
    {
        if (_points.Count > 0)
        {
            var last = _points[^1];
            if (point.Time <= last.Time)
            {
                return;
            }

            if (point.Offset < last.Offset)
            {
                _points.Clear();
            }
            else if (_points.Count >= 2 && _points[^2].Offset == point.Offset && last.Offset == point.Offset)
            {
                _points[^1] = point;
                return;
            }
        }
        if (_points.Count == Limit)
        {
            _points.RemoveAt(0);
        }

        _points.Add(point);
    }

    /// <summary>Estimated time at which <paramref name="offset"/> was the log end, or null with fewer than 2 points.</summary>
    public DateTimeOffset? TimeOf(long offset)
    {
        if (_points.Count == 0)
        {
            return null;
        }

        var last = _points[^1];
        if (offset >= last.Offset)
        {
            return last.Time;
        }

        if (_points.Count < 2)
        {
            return null;
        }

        var first = _points[0];
        if (offset < first.Offset)
        {
            // Older than the table: extrapolate along the line through the first and last points. With no slope
            // (nothing produced while we watched) the first point's time is a lower bound of the age.
            return last.Offset == first.Offset ? first.Time : Interpolate(first, last, offset);
        }

        for (var i = _points.Count - 2; i >= 0; i--)
        {
            if (_points[i].Offset <= offset)
            {
                return Interpolate(_points[i], _points[i + 1], offset);
            }
        }
        return first.Time;
    }

    /// <summary>How long ago <paramref name="committed"/> was produced: zero when caught up, null when unknown.</summary>
    public TimeSpan? LagTime(long committed, DateTimeOffset now)
    {
        if (_points.Count > 0 && committed >= _points[^1].Offset)
        {
            return TimeSpan.Zero;
        }

        var produced = TimeOf(committed);
        if (produced is null)
        {
            return null;
        }

        var lag = now - produced.Value;
        return lag < TimeSpan.Zero ? TimeSpan.Zero : lag;
    }

    private static DateTimeOffset Interpolate(OffsetPoint a, OffsetPoint b, long offset)
    {
        if (b.Offset == a.Offset)
        {
            return a.Time;
        }

        var fraction = (double)(offset - a.Offset) / (b.Offset - a.Offset);
        return a.Time + TimeSpan.FromTicks((long)((b.Time - a.Time).Ticks * fraction));
    }
}
