using OrdersAspire.LoadGenerator.Keys;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>A validated generation request.</summary>
public sealed record GenerationSpec(
    long Count,
    int RatePerSecond,
    KeyDistributionKind Distribution,
    double? Skew,
    int? HotPartition,
    double? HotShare,
    int Customers,
    int PayloadBytes)
{
    /// <summary>Builds the key distribution; <paramref name="partitionCount"/> is needed for <see cref="KeyDistributionKind.Hot"/>.</summary>
    public KeyDistribution CreateKeys(int? partitionCount) => Distribution switch
    {
        KeyDistributionKind.Uniform => new UniformKeys(Customers),
        KeyDistributionKind.Zipf => new ZipfKeys(Customers, Skew!.Value),
        KeyDistributionKind.Hot => new HotPartitionKeys(
            Customers,
            partitionCount ?? throw new InvalidOperationException("A hot-partition job needs the topic's partition count."),
            HotPartition!.Value,
            HotShare!.Value),
        _ => throw new InvalidOperationException($"Unknown key distribution {Distribution}."),
    };

    public KeyDistributionRequest DescribeKeys() => new()
    {
        Type = Distribution.ToString().ToLowerInvariant(),
        Skew = Skew,
        Partition = HotPartition,
        Share = HotShare,
    };
}
