using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Processing;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.Analytics.Tests.Store;

public sealed class AnalyticsBucketTests
{
    [Theory]
    [InlineData("2026-11-25T10:00:00+00:00", "2026-11-25T10:00:00+00:00")]
    [InlineData("2026-11-25T10:00:59.9999999+00:00", "2026-11-25T10:00:00+00:00")]
    [InlineData("2026-11-25T10:01:00+00:00", "2026-11-25T10:01:00+00:00")]
    [InlineData("2026-11-25T11:30:15+01:00", "2026-11-25T10:30:00+00:00")]   // converted to UTC
    [InlineData("2026-11-25T05:29:59-05:30", "2026-11-25T10:59:00+00:00")]   // half-hour offsets
    public void Minute_is_the_start_of_the_UTC_minute(string time, string minute)
    {
        var bucket = AnalyticsBucket.MinuteOf(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(minute, System.Globalization.CultureInfo.InvariantCulture), bucket);
        Assert.Equal(TimeSpan.Zero, bucket.Offset);
    }

    [Fact]
    public void Aggregates_per_region_minute_and_currency_exactly_in_lock_order()
    {
        var buckets = AnalyticsBucket.Aggregate([
            Order("1", "us-east", 0.10m, createdAt: Minute0.AddSeconds(1)),
            Order("2", "eu-west", 0.20m, createdAt: Minute0.AddSeconds(59)),
            Order("3", "eu-west", 0.10m, createdAt: Minute0.AddSeconds(2)),
            Order("4", "eu-west", 5m, createdAt: Minute0.AddMinutes(1)),
            Order("5", "eu-west", 7m, "USD", createdAt: Minute0),
        ]);
        Assert.Equal(
            [
                new AnalyticsBucket("eu-west", Minute0, "EUR", 2, 0.30m),
                new AnalyticsBucket("eu-west", Minute0, "USD", 1, 7m),
                new AnalyticsBucket("eu-west", Minute0.AddMinutes(1), "EUR", 1, 5m),
                new AnalyticsBucket("us-east", Minute0, "EUR", 1, 0.10m),
            ],
            buckets);
    }
}
