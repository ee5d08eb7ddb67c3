using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class GroupHealthTests
{
    [Theory]
    [InlineData(new long[] { 0, 0, 0, 0, 0, 0 }, true, 0, 0)]
    [InlineData(new long[] { 1000, 1000, 1000, 1000, 1000, 1000 }, true, 6000, 1000)]   // at the threshold: healthy
    [InlineData(new long[] { 1001, 1000, 1000, 1000, 1000, 1000 }, false, 6001, 1000.1667)]
    [InlineData(new long[] { 6006, 0, 0, 0, 0, 0 }, false, 6006, 1001)]                 // average, not max
    [InlineData(new long[] { 5000, 0, 0, 0, 0, 0 }, true, 5000, 833.3333)]
    [InlineData(new long[0], true, 0, 0)]
    public void Average_lag_per_partition_against_the_threshold(long[] lags, bool healthy, long total, double average)
    {
        var health = GroupHealth.Evaluate("g", lags, 3, 1000);
        Assert.Equal(healthy, health.Healthy);
        Assert.Equal(total, health.TotalLag);
        Assert.Equal(average, health.AverageLag, 3);
        Assert.Equal(healthy ? "Healthy" : "Unhealthy", health.Status);
        Assert.Equal(3, health.ActiveConsumers);
    }

    [Theory]
    [InlineData(3, "3 active consumer(s)")]
    [InlineData(0, "0 active consumer(s)")]
    [InlineData(null, "active consumers unknown")]
    public void The_description_says_when_the_consumers_are_unknown(int? consumers, string expected) =>
        Assert.Contains(expected, GroupHealth.Evaluate("g", [0, 0], consumers, 1000).Description);
}
