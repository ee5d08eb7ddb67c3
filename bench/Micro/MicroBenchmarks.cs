using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using Perfolizer.Horology;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Micro;

/// <summary>Section 6: BenchmarkDotNet with the memory diagnoser, in-process (no per-benchmark project build, so it
/// runs from the same binaries as the rest of the bench), a short job (quick: shorter still).</summary>
public static class MicroBenchmarks
{
    public static Task RunAsync(BenchOptions options, SectionReport report)
    {
        var job = (options.Quick
                ? new Job("Quick").WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(50)).WithEvaluateOverhead(false)
                : new Job("Full").WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(250)))
            .WithLaunchCount(1)
            // In process, the job must declare the host's GC mode (server, as the services run).
            .WithGcServer(System.Runtime.GCSettings.IsServerGC)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var artifacts = Directory.CreateTempSubdirectory("bench-bdn-").FullName;
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
            // Quick: only the large inputs of the predictor and the analysis (the small ones are the cheap cases).
            .AddFilter(new SimpleFilter(b => !options.Quick || !b.Parameters.Items.Any(p => p.Value is "6x3" or 6)));

        Type[] types = [typeof(OrderCodecBenchmarks), typeof(AssignmentPredictorBenchmarks), typeof(AnalysisBenchmarks)];
        var summaries = new List<Summary>();
        try
        {
            foreach (var type in types)
            {
                Console.WriteLine($"  micro: {type.Name}");
                summaries.Add(BenchmarkRunner.Run(type, config));
            }
        }
        finally
        {
            try { Directory.Delete(artifacts, recursive: true); } catch (IOException) { }
        }

        report.Line($"BenchmarkDotNet 0.15.8, in-process toolchain, job: {(options.Quick ? "1 warm-up + 3 × 50 ms iterations, no overhead evaluation, large inputs only (quick: rough)" : "3 warm-ups + 10 × 250 ms iterations")}, " +
                     $"{RepositoryPaths.Configuration} build, memory diagnoser. Ratio = mean ÷ the class's baseline method where one is marked.")
            .Line();
        var rows = new List<IReadOnlyList<string>>();
        var errors = new List<string>();
        foreach (var summary in summaries)
        {
            errors.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message));
            foreach (var benchmark in summary.BenchmarksCases)
            {
                var result = summary[benchmark];
                var mean = result?.ResultStatistics?.Mean ?? double.NaN;
                var baseline = summary.BenchmarksCases.FirstOrDefault(b => b.Descriptor.Baseline && b.Parameters.DisplayInfo == benchmark.Parameters.DisplayInfo);
                var baselineMean = baseline is null ? double.NaN : summary[baseline]?.ResultStatistics?.Mean ?? double.NaN;
                var allocated = result?.GcStats.GetBytesAllocatedPerOperation(benchmark);
                rows.Add([
                    $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}",
                    benchmark.Parameters.DisplayInfo,
                    FormatTime(mean),
                    FormatTime(result?.ResultStatistics?.StandardError ?? double.NaN),
                    baseline is null ? "" : F(mean / baselineMean, "0.00"),
                    allocated is null ? "n/a" : N(allocated.Value) + " B",
                ]);
            }
        }
        report.Table(["benchmark", "parameters", "mean", "std error", "ratio", "allocated / op"], rows);
        if (errors.Count > 0)
        {
            report.Line("BenchmarkDotNet validation errors: " + string.Join("; ", errors));
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException("BenchmarkDotNet produced no results: " + string.Join("; ", errors));
        }

        return Task.CompletedTask;
    }

    private static string FormatTime(double ns) =>
        double.IsNaN(ns) ? "n/a" : ns >= 1_000_000 ? F(ns / 1_000_000, "0.00") + " ms" : ns >= 1_000 ? F(ns / 1_000, "0.00") + " µs" : F(ns, "0.0") + " ns";
}
