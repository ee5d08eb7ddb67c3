using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Store;

/// <summary>The unit the analytics stores keep: orders and revenue per (region, minute of creation in UTC, currency).
/// Revenue is summed as decimal, exactly.</summary>
public sealed record AnalyticsBucket(string Region, DateTimeOffset Minute, string Currency, long Orders, decimal Revenue)
{
    /// <summary>The start of the UTC minute containing <paramref name="time"/>.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    /// <summary>Adds up orders into buckets, sorted by region, minute, currency (ordinal) — the order in which the
    /// stores lock rows, so concurrent replicas cannot deadlock on them.</summary>
    public static IReadOnlyList<AnalyticsBucket> Aggregate(IEnumerable<ProcessedOrder> orders) =>
        orders
            .GroupBy(o => (o.Region, Minute: MinuteOf(o.CreatedAt), o.Currency))
            .Select(g => new AnalyticsBucket(g.Key.Region, g.Key.Minute, g.Key.Currency, g.LongCount(), g.Sum(o => o.Total)))
            .OrderBy(b => b.Region, StringComparer.Ordinal)
            .ThenBy(b => b.Minute)
            .ThenBy(b => b.Currency, StringComparer.Ordinal)
            .ToList();
}
