using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

/// <summary>Capacity is measured only while the group has a backlog: a caught-up group processes what arrives.</summary>
public class CapacityEstimatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>One sample per second: (total lag, group processing rate, members).</summary>
    public static TheoryData<string, (long Lag, double Rate, int? Members)[], double?> Cases => new()
    {
        { "caught up: processing equals incoming, no capacity measured", Repeat(12, (0, 300, 3)), null },
        { "lag throughout the window: 300/s over 3 members → 100 each", Repeat(12, (5_000, 300, 3)), 100 },
        { "lag only just appeared: the window still holds caught-up samples", [.. Repeat(8, (0, 30, 3)), .. Repeat(3, (900, 300, 3))], null },
        { "lag long enough after being caught up", [.. Repeat(8, (0, 30, 3)), .. Repeat(8, (900, 300, 3))], 100 },
        { "a caught-up sample stops measuring while it is in the window (600/s after it is not counted)", [.. Repeat(6, (900, 300, 3)), (0, 300, 3), .. Repeat(3, (900, 600, 3))], 100 },
        { "members unknown: nothing per replica", Repeat(12, (5_000, 300, null)), null },
        { "no members: nothing measured", Repeat(12, (5_000, 0, 0)), null },
        { "median of the lagging samples, not the peak", [.. Repeat(6, (900, 200, 2)), (900, 2_000, 2), (900, 200, 2), (900, 200, 2)], 100 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measures_per_replica_capacity_only_under_backlog(string name, (long Lag, double Rate, int? Members)[] samples, double? expected)
    {
        var estimator = new CapacityEstimator(Window, TimeSpan.FromMinutes(5));
        for (var i = 0; i < samples.Length; i++)
        {
            estimator.Observe(T0.AddSeconds(i), samples[i].Lag, samples[i].Rate, samples[i].Members);
        }

        Assert.True(expected == estimator.PerReplica, $"{name}: {estimator.PerReplica}");
    }

    [Fact]
    public void Measurements_older_than_the_kept_window_are_forgotten()
    {
        var estimator = new CapacityEstimator(Window, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            estimator.Observe(T0.AddSeconds(i), 1_000, 300, 3);
        }

        Assert.Equal(100, estimator.PerReplica);
        for (var i = 10; i < 60; i++)
        {
            estimator.Observe(T0.AddSeconds(i), 0, 10, 3);
        }

        Assert.Null(estimator.PerReplica);
    }

    private static (long, double, int?)[] Repeat(int count, (long, double, int?) sample) => Enumerable.Repeat(sample, count).ToArray();
}
