namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Events per second over a sliding window of one-second buckets. Pure: the caller passes the time.</summary>
public sealed class RateMeter(int windowSeconds = 10)
{
    private readonly long[] _buckets = new long[windowSeconds];
    private readonly long[] _bucketSecond = new long[windowSeconds];

    public void Add(long count, DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var i = (int)(second % _buckets.Length);
        if (_bucketSecond[i] != second)
        {
            _bucketSecond[i] = second;
            _buckets[i] = 0;
        }
        _buckets[i] += count;
    }

    /// <summary>The mean rate over the last full window, counting the current partial second.</summary>
    public double PerSecond(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        long total = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            if (second - _bucketSecond[i] < _buckets.Length)
            {
                total += _buckets[i];
            }
        }
        return (double)total / _buckets.Length;
    }
}
