namespace OrdersAspire.Bench.Running;

/// <summary>Command line: <c>[--quick] [--output path] [--only section]</c>. Every size a section uses comes from here,
/// so the quick and full runs differ only in these numbers.</summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }
    public string OutputPath { get; init; } = "";
    public string? Only { get; init; }

    /// <summary>Orders pre-filled for the throughput comparison (must stay under the embedded broker's retention:
    /// about 23,000 orders of 200 B per partition, 6 partitions).</summary>
    public int ThroughputOrders => Quick ? 12_000 : 60_000;
    public int ThroughputRounds => Quick ? 1 : 3;

    /// <summary>Rebalance cycles per setup (graceful stop, scale-up, kill -9, scale-up).</summary>
    public int RebalanceCycles => Quick ? 1 : 5;

    public TimeSpan LatencyDuration => Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(20);
    public TimeSpan PacingDuration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(8);
    public int AnalyzerRequests => Quick ? 30 : 300;

    public static BenchOptions Parse(IReadOnlyList<string> args, string defaultOutput)
    {
        var options = new BenchOptions { OutputPath = defaultOutput };
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--output" when i + 1 < args.Count:
                    options = options with { OutputPath = Path.GetFullPath(args[++i]) };
                    break;
                case "--only" when i + 1 < args.Count:
                    var only = args[++i].ToLowerInvariant();
                    if (!Sections.Names.Contains(only))
                        throw new ArgumentException($"--only {only}: unknown section; allowed: {string.Join(", ", Sections.Names)}");
                    options = options with { Only = only };
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown argument '{args[i]}'; usage: [--quick] [--output path] [--only {string.Join("|", Sections.Names)}]");
            }
        }
        return options;
    }

    public bool Runs(string section) => Only is null || Only == section;
}
