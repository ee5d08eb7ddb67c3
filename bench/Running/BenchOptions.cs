namespace OrdersAspire.Bench.Running;

/// <summary>Command line: <c>[--quick] [--output path] [--only section] [--noisy]</c>. Every size a section uses comes
/// from here, so the quick and full runs differ only in these numbers.</summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }
    public string OutputPath { get; init; } = "";
    public string? Only { get; init; }

    /// <summary>Run (and write the report) even on a busy machine; the report is then marked noisy.</summary>
    public bool Noisy { get; init; }

    /// <summary>The report a plain run writes: <c>bench/RESULTS.md</c>.</summary>
    public static string DefaultReport => Path.Combine(RepositoryPaths.Root, "bench", "RESULTS.md");

    /// <summary>Above this 1-minute load average at start the run refuses to write the default report (unless <see cref="Noisy"/>).</summary>
    public const double QuietLoadAverage = 1.0;

    /// <summary>Orders pre-filled for the throughput comparison (must stay under the embedded broker's retention:
    /// about 23,000 orders of 200 B per partition, 6 partitions).</summary>
    public int ThroughputOrders => Quick ? 12_000 : 60_000;
    public int ThroughputRounds => Quick ? 1 : 3;

    /// <summary>Rebalance cycles per setup (graceful stop, scale-up, kill -9, scale-up).</summary>
    public int RebalanceCycles => Quick ? 1 : 5;

    public TimeSpan LatencyDuration => Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(20);
    public TimeSpan PacingDuration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(8);
    public int AnalyzerRequests => Quick ? 30 : 300;

    /// <summary>Orders produced per scale-out run: 10,000 per partition (6 partitions). The embedded broker keeps about
    /// 5 MiB per partition, some 13,000 of these orders as logged (value, key, trace header), and silently drops the
    /// oldest: at 15,000 per partition a slow drain lost orders to retention.</summary>
    public int ScaleOutOrders => Quick ? 24_000 : 60_000;
    public int ScaleOutRounds => Quick ? 1 : 3;

    public TimeSpan HotPartitionDuration => Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);
    public int HotPartitionRounds => Quick ? 1 : 3;

    public TimeSpan RedeliveryDuration => Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(20);
    public int RedeliveryRounds => Quick ? 1 : 3;

    public TimeSpan IdleDuration => Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);

    /// <summary>The idle section runs the whole AppHost (about a minute): not part of a plain <c>--quick</c> run, only
    /// when asked for with <c>--only idle</c>.</summary>
    public bool SkipsIdle => Quick && Only is null;

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
                case "--noisy":
                    options = options with { Noisy = true };
                    break;
                case "--output" when i + 1 < args.Count:
                    options = options with { OutputPath = Path.GetFullPath(args[++i]) };
                    break;
                case "--only" when i + 1 < args.Count:
                    var only = args[++i].ToLowerInvariant();
                    if (!Sections.Names.Contains(only))
                    {
                        throw new ArgumentException($"--only {only}: unknown section; allowed: {string.Join(", ", Sections.Names)}");
                    }

                    options = options with { Only = only };
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown argument '{args[i]}'; usage: [--quick] [--noisy] [--output path] [--only {string.Join("|", Sections.Names)}]");
            }
        }
        return options;
    }

    public bool Runs(string section) => Only is null || Only == section;
}
