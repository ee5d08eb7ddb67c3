namespace OrdersAspire.Analysis;

/// <summary>The group-health indicator: Healthy while the average lag per partition is at most the threshold.
/// <see cref="ActiveConsumers"/> is null when the membership is unknown.</summary>
public sealed record GroupHealth(
    string Group,
    bool Healthy,
    long TotalLag,
    double AverageLag,
    long Threshold,
    int? ActiveConsumers,
    int Partitions)
{
    public string Status => Healthy ? "Healthy" : "Unhealthy";

    public string Description => Healthy
        ? $"Group {Group}: average lag {AverageLag:0.#} per partition ≤ {Threshold} ({Consumers})."
        : $"Group {Group}: average lag {AverageLag:0.#} per partition > {Threshold} (total {TotalLag}, {Consumers}).";

    private string Consumers => ActiveConsumers is { } n ? $"{n} active consumer(s)" : "active consumers unknown";

    public static GroupHealth Evaluate(string group, IReadOnlyCollection<long> lagPerPartition, int? activeConsumers, long threshold)
    {
        var total = lagPerPartition.Sum();
        var average = lagPerPartition.Count == 0 ? 0 : (double)total / lagPerPartition.Count;
        return new GroupHealth(group, average <= threshold, total, average, threshold, activeConsumers, lagPerPartition.Count);
    }
}
