namespace OrdersAspire.Analysis;

/// <summary>Partitions whose incoming rate is well above the median: more than <c>factor</c> × the median and at least
/// <c>minRate</c> messages per second (so idle topics and noise flag nothing).</summary>
public static class HotPartitionDetector
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static IReadOnlyList<HotPartition> Detect(IReadOnlyDictionary<int, double> incomingRates, double factor, double minRate)
    {
        if (incomingRates.Count < 2)
        {
            return [];
        }

        var median = Median(incomingRates.Values.ToList());
        return incomingRates
            .Where(r => r.Value >= minRate && r.Value > factor * median)
            .OrderBy(r => r.Key)
            .Select(r => new HotPartition(r.Key, r.Value, median, median > 0 ? r.Value / median : null))
            .ToList();
    }
}

/// <summary>A partition receiving far more than the median; <see cref="TimesMedian"/> is null when the median is 0.</summary>
public sealed record HotPartition(int Partition, double IncomingRate, double MedianRate, double? TimesMedian);
