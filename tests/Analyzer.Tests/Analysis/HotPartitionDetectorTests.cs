using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class HotPartitionDetectorTests
{
    [Theory]
    [InlineData(new double[] { 10, 10, 10, 10, 10, 10 }, 2.0, 1.0, new int[0])]
    [InlineData(new double[] { 10, 10, 50, 10, 10, 10 }, 2.0, 1.0, new[] { 2 })]
    [InlineData(new double[] { 10, 10, 50, 10, 10, 10 }, 6.0, 1.0, new int[0])]        // factor not reached
    [InlineData(new double[] { 10, 10, 20, 10, 10, 10 }, 2.0, 1.0, new int[0])]        // exactly 2× is not "above"
    [InlineData(new double[] { 0, 0, 0.5, 0, 0, 0 }, 2.0, 1.0, new int[0])]            // below the minimum rate: noise
    [InlineData(new double[] { 0, 0, 5, 0, 0, 0 }, 2.0, 1.0, new[] { 2 })]             // median 0: anything above the minimum
    [InlineData(new double[] { 40, 10, 45, 10, 10, 10 }, 2.0, 1.0, new[] { 0, 2 })]
    [InlineData(new double[] { 100 }, 2.0, 1.0, new int[0])]                            // one partition: nothing to compare
    public void Detects_partitions_well_above_the_median(double[] rates, double factor, double minRate, int[] expected)
    {
        var byPartition = rates.Select((r, i) => (i, r)).ToDictionary(x => x.i, x => x.r);
        Assert.Equal(expected, HotPartitionDetector.Detect(byPartition, factor, minRate).Select(h => h.Partition));
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 2, 3 }, 2.5)]
    [InlineData(new double[0], 0)]
    public void Median(double[] values, double expected) => Assert.Equal(expected, HotPartitionDetector.Median(values));
}
