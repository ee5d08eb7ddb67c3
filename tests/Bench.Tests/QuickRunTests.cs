using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace OrdersAspire.Bench.Tests;

/// <summary>The one smoke test of the benchmark program: runs the built bench with <c>--quick</c> as a process and
/// checks it succeeds and writes every section. It asserts no figure and no duration: performance is judged by the
/// benchmark's report, never by a test. The idle section (it starts the whole AppHost) is not part of a plain
/// <c>--quick</c> run: its heading is there with "not measured" and how to run it (<c>--quick --only idle</c>).</summary>
[Slow]
public sealed class QuickRunTests(ITestOutputHelper output)
{
    /// <summary>Generous: --quick takes a few minutes on a busy 2-core machine; this only bounds a hang.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(12);

    private static readonly string[] Headings =
    [
        "## Machine",
        "## Goals",
        "## 1. Consumer throughput",
        "## 2. Rebalance pause",
        "## 3. End-to-end latency",
        "## 4. Load-generator pacing",
        "## 5. Analyzer describe latency",
        "## 6. Micro-benchmarks",
        "## 7. Scale-out",
        "## 8. Hot partition",
        "## 9. Redelivery after kill -9",
        "## 10. Idle",
    ];

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task QuickRunSucceedsAndReportsEverySection()
    {
        var report = Path.Combine(Path.GetTempPath(), $"bench-quick-{Guid.NewGuid():N}.md");
        try
        {
            var (exitCode, log) = await RunAsync(BenchDll(), ["--quick", "--output", report]);
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"bench --quick exited with {exitCode}:\n{log}");
            Assert.True(File.Exists(report), "bench --quick wrote no report");
            var markdown = await File.ReadAllTextAsync(report);
            foreach (var heading in Headings)
            {
                Assert.Contains(heading + "\n", markdown, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("**Failed:**", markdown, StringComparison.Ordinal);
            Assert.Contains("not part of a plain `--quick` run", markdown, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>bench/bin/&lt;configuration of this test&gt;/net10.0/OrdersAspire.Bench.dll (the project reference builds it).</summary>
    private static string BenchDll() => RepositoryPaths.BuiltDll("bench", "OrdersAspire.Bench");

    private static async Task<(int ExitCode, string Log)> RunAsync(string dll, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var log = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (log)
            {
                return (-1, $"bench --quick did not finish within {Timeout.TotalMinutes} min and was killed\n{log}");
            }
        }
        lock (log)
        {
            return (process.ExitCode, log.ToString());
        }
    }
}
