using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrdersAspire.Bench.AnalyzerLatency;
using OrdersAspire.Bench.HotPartition;
using OrdersAspire.Bench.Idle;
using OrdersAspire.Bench.Latency;
using OrdersAspire.Bench.Micro;
using OrdersAspire.Bench.Pacing;
using OrdersAspire.Bench.Rebalancing;
using OrdersAspire.Bench.Redelivery;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.ScaleOut;
using OrdersAspire.Bench.Throughput;

namespace OrdersAspire.Bench.Running;

/// <summary>Runs the selected sections one after the other and writes the markdown report. A section that fails is
/// reported as failed (with the error) and the others still run; the exit code is then 1. On a busy machine (1-minute
/// load average above <see cref="BenchOptions.QuietLoadAverage"/> at start) it refuses to write the default report
/// (exit code 3) unless <c>--noisy</c> says to go on, and the report is then marked noisy.</summary>
public static class BenchRunner
{
    private static readonly IReadOnlyDictionary<string, Func<BenchOptions, SectionReport, Task>> Runs =
        new Dictionary<string, Func<BenchOptions, SectionReport, Task>>
        {
            [Sections.Throughput] = ThroughputSection.RunAsync,
            [Sections.Rebalance] = RebalanceSection.RunAsync,
            [Sections.Latency] = LatencySection.RunAsync,
            [Sections.Pacing] = PacingSection.RunAsync,
            [Sections.Analyzer] = AnalyzerSection.RunAsync,
            [Sections.Micro] = MicroBenchmarks.RunAsync,
            [Sections.ScaleOut] = ScaleOutSection.RunAsync,
            [Sections.HotPartition] = HotPartitionSection.RunAsync,
            [Sections.Redelivery] = RedeliverySection.RunAsync,
            [Sections.Idle] = IdleSection.RunAsync,
        };

    /// <summary>Exit code when the machine is too busy to write the default report.</summary>
    public const int BusyMachineExitCode = 3;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineFacts.Read();
        var load = MachineFacts.OneMinuteLoad();
        var busy = !(load <= BenchOptions.QuietLoadAverage);
        var toDefaultReport = string.Equals(Path.GetFullPath(options.OutputPath), Path.GetFullPath(BenchOptions.DefaultReport), StringComparison.Ordinal);
        if (busy && toDefaultReport && !options.Noisy)
        {
            Console.Error.WriteLine(
                $"bench: the machine is busy (load average {machine.LoadAverage}; the report needs a 1-minute load average ≤ {BenchOptions.QuietLoadAverage:0.0}). " +
                $"Not writing {options.OutputPath}: wait for a quiet machine, write elsewhere with --output, or pass --noisy to run anyway " +
                "(the report is then marked noisy).");
            return BusyMachineExitCode;
        }
        var noisy = options.Noisy || busy;
        var total = Stopwatch.StartNew();
        var reports = new List<SectionReport>();
        Console.WriteLine($"bench: {(options.Quick ? "quick" : "full")} run, {RepositoryPaths.Configuration} build, report → {options.OutputPath}");
        foreach (var name in Sections.Names.Where(options.Runs))
        {
            var report = new SectionReport(name);
            reports.Add(report);
            if (name == Sections.Idle && options.SkipsIdle)
            {
                report.NotMeasured("not part of a plain `--quick` run (it starts the whole AppHost, about a minute); run it with `--quick --only idle` or in a full run.");
                continue;
            }
            Console.WriteLine($"bench: {Sections.Headings[name]} …");
            var watch = Stopwatch.StartNew();
            try
            {
                await Runs[name](options, report).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                report.Failed = true;
                report.Measured = false;
                report.Line().Line($"**Failed:** {ex.GetType().Name}: {ex.Message}");
                Console.Error.WriteLine($"bench: {name} failed: {ex}");
            }
            finally
            {
                ServiceProcess.KillAll();
            }
            report.Elapsed = watch.Elapsed;
            Console.WriteLine($"bench: {Sections.Headings[name]} done in {watch.Elapsed.TotalSeconds:0} s");
            // Written after every section, so an interrupted run still leaves what it measured.
            await WriteAsync(options.OutputPath, Render(options, machine, noisy, started, total.Elapsed, reports, complete: false)).ConfigureAwait(false);
        }

        await WriteAsync(options.OutputPath, Render(options, machine, noisy, started, total.Elapsed, reports, complete: true)).ConfigureAwait(false);
        Console.WriteLine($"bench: report written to {options.OutputPath} ({total.Elapsed.TotalSeconds:0} s)");
        return reports.Any(r => r.Failed) ? 1 : 0;
    }

    private static async Task WriteAsync(string path, string markdown)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown).ConfigureAwait(false);
    }

    private static string Render(BenchOptions options, MachineFacts machine, bool noisy, DateTimeOffset started, TimeSpan elapsed,
        IReadOnlyList<SectionReport> reports, bool complete)
    {
        var md = new StringBuilder();
        md.AppendLine("# OrdersAspire benchmark results").AppendLine();
        if (noisy)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"> **NOISY RUN.** The 1-minute load average at start was {machine.LoadAverage} " +
                          $"(a quiet machine is ≤ {BenchOptions.QuietLoadAverage:0.0}){(options.Noisy ? "; run with `--noisy`" : "")}. Other work shared the cores: " +
                          $"absolute figures are low and spread wide; only ratios within one round mean much.").AppendLine();
        }

        if (!complete)
        {
            md.AppendLine("**Partial: the run was still in progress (or was interrupted) when this was written.**").AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"Generated by `dotnet run -c Release --project bench --{(options.Quick ? " --quick" : "")}{(options.Noisy ? " --noisy" : "")}{(options.Only is null ? "" : " --only " + options.Only)}`. " +
                      $"Every figure below comes from this run; goals are judged on ratios to a baseline measured in the same run where one exists. " +
                      $"Where a figure was measured in several rounds, every round is shown, then the median and the spread (min–max).");
        md.AppendLine();
        md.AppendLine("## Machine").AppendLine();
        md.AppendLine("| fact | value |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| date (UTC) | {started:yyyy-MM-dd HH:mm} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cores | {machine.Cores} ({machine.Cpu}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| memory | {machine.Memory} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {machine.Os} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {machine.Runtime}, {RepositoryPaths.Configuration} build |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average at start | {machine.LoadAverage} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average at end | {MachineFacts.LoadAverageNow()} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| mode | {(options.Quick ? "--quick (smaller counts, fewer repetitions: indicative only)" : "full")}; total {elapsed.TotalMinutes:0.0} min |");
        md.AppendLine();
        md.AppendLine(noisy
            ? "The machine was busy while this ran (see the load averages), so absolute numbers are noisy and lower than on an " +
              "idle machine. The ratios compare runs made minutes apart in the same process and are what the goals are judged on."
            : "The machine was quiet at start (1-minute load average ≤ 1.0); compare the load average at end to see whether it stayed so.");
        md.AppendLine();
        md.AppendLine("## Goals").AppendLine();
        md.AppendLine("| section | goal | measured | verdict |").AppendLine("|---|---|---|---|");
        foreach (var report in reports)
        {
            if (report.Goals.Count == 0 && !report.Measured)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Sections.Headings[report.Name]} | — | — | {(report.Failed ? "**failed**" : "not measured")} |");
            }

            foreach (var goal in report.Goals)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Sections.Headings[report.Name]} | {goal.Goal} | {goal.Measured} | {goal.Verdict} |");
            }
        }
        md.AppendLine();
        foreach (var report in reports)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {Sections.Headings[report.Name]}").AppendLine();
            md.Append(report.Body);
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"_Section time: {report.Elapsed.TotalSeconds:0} s._").AppendLine();
        }
        return md.ToString();
    }
}
