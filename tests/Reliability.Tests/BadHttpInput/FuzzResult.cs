namespace OrdersAspire.Reliability.Tests.BadHttpInput;

/// <summary>What a fuzz run saw: answers per status code, and every violation described.</summary>
public sealed class FuzzResult
{
    public SortedDictionary<int, int> StatusCounts { get; } = [];
    public List<string> Violations { get; } = [];

    public void Count(int status) => StatusCounts[status] = StatusCounts.GetValueOrDefault(status) + 1;

    public override string ToString() =>
        string.Join(", ", StatusCounts.Select(kv => $"{kv.Key}×{kv.Value}")) + (Violations.Count == 0 ? "" : $"; {Violations.Count} violations");
}
