using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class RateAndDrainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, (long, int)[], int, int, double> RateCases => new()
    {
        { "steady 10/s", [(0, 0), (50, 5), (100, 10)], 20, 10, 10 },
        { "only samples inside the window", [(0, 0), (1000, 10), (1100, 20)], 15, 20, 10 },
        { "one sample: 0", [(100, 10)], 15, 10, 0 },
        { "no movement: 0", [(100, 0), (100, 10)], 15, 10, 0 },
        { "offset went back: 0", [(100, 0), (50, 10)], 15, 10, 0 },
        { "no samples: 0", [], 15, 10, 0 },
    };

    [Theory]
    [MemberData(nameof(RateCases))]
    public void Rate(string name, (long, int)[] samples, int windowSeconds, int nowSecond, double expected)
    {
        var points = samples.Select(s => new OffsetPoint(s.Item1, T0.AddSeconds(s.Item2))).ToList();
        Assert.True(Math.Abs(expected - RateCalculator.Rate(points, TimeSpan.FromSeconds(windowSeconds), T0.AddSeconds(nowSecond))) < 1e-9, name);
    }

    [Theory]
    [InlineData(0, 0, 0, 0.0)]            // no lag: drained already
    [InlineData(1000, 100, 0, 10.0)]      // 1000 at net 100/s
    [InlineData(1000, 150, 50, 10.0)]     // net 100/s
    [InlineData(1000, 50, 50, null)]      // not gaining
    [InlineData(1000, 10, 50, null)]      // losing ground
    [InlineData(1000, 0, 0, null)]        // stopped
    public void Time_to_drain(long lag, double processing, double incoming, double? expectedSeconds)
    {
        var drain = DrainEstimate.TimeToDrain(lag, processing, incoming);
        Assert.Equal(expectedSeconds, drain?.TotalSeconds);
    }
}
