namespace OrdersAspire.Bench.Running;

/// <summary>Section names for <c>--only</c> and the report headings, in report order.</summary>
public static class Sections
{
    public const string Throughput = "throughput";
    public const string Rebalance = "rebalance";
    public const string Latency = "latency";
    public const string Pacing = "pacing";
    public const string Analyzer = "analyzer";
    public const string Micro = "micro";

    public static readonly IReadOnlyList<string> Names = [Throughput, Rebalance, Latency, Pacing, Analyzer, Micro];

    public static readonly IReadOnlyDictionary<string, string> Headings = new Dictionary<string, string>
    {
        [Throughput] = "1. Consumer throughput",
        [Rebalance] = "2. Rebalance pause",
        [Latency] = "3. End-to-end latency",
        [Pacing] = "4. Load-generator pacing",
        [Analyzer] = "5. Analyzer describe latency",
        [Micro] = "6. Micro-benchmarks",
    };
}
