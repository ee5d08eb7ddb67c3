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
    public const string ScaleOut = "scale-out";
    public const string HotPartition = "hot-partition";
    public const string Redelivery = "redelivery";
    public const string Idle = "idle";

    public static readonly IReadOnlyList<string> Names =
        [Throughput, Rebalance, Latency, Pacing, Analyzer, Micro, ScaleOut, HotPartition, Redelivery, Idle];

    public static readonly IReadOnlyDictionary<string, string> Headings = new Dictionary<string, string>
    {
        [Throughput] = "1. Consumer throughput",
        [Rebalance] = "2. Rebalance pause",
        [Latency] = "3. End-to-end latency",
        [Pacing] = "4. Load-generator pacing",
        [Analyzer] = "5. Analyzer describe latency",
        [Micro] = "6. Micro-benchmarks",
        [ScaleOut] = "7. Scale-out",
        [HotPartition] = "8. Hot partition",
        [Redelivery] = "9. Redelivery after kill -9",
        [Idle] = "10. Idle",
    };
}
