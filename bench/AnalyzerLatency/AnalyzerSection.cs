using System.Diagnostics;
using System.Text.Json;
using OrdersAspire.Analysis;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Pipeline;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.AnalyzerLatency;

/// <summary>Section 5: (a) the analyzer as a process watching two live groups on a 6-partition topic; latency of
/// <c>GET /api/groups/{group}</c> (describe) against <c>GET /alive</c> on the same server as the baseline.
/// (b) synthetic 1,000 partitions × 50 groups through the analyzer's pure code: one sampling pass (GroupTracker.Analyze
/// for every group) plus serializing each describe response, against the same for 6 partitions × 2 groups.</summary>
public static class AnalyzerSection
{
    private static readonly string[] Groups = ["order-processors", "analytics"];
    private const int WarmUpPasses = 16;

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        await LiveAsync(options, report).ConfigureAwait(false);
        Synthetic(options, report);
    }

    private static async Task LiveAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDllIfBuilt("Analyzer");
        if (dll is null)
        {
            report.NotMeasured($"services/Analyzer is not built for {RepositoryPaths.Configuration}: the live describe latency was not measured.");
            return;
        }

        using var broker = new BenchBroker("order-events");
        await using var first = await PipelineHost.StartAsync(broker, Groups[0], new NoOpOrderEffectStore(), new CompletionRecorder(long.MaxValue, false)).ConfigureAwait(false);
        await using var second = await PipelineHost.StartAsync(broker, Groups[1], new NoOpOrderEffectStore(), new CompletionRecorder(long.MaxValue, false)).ConfigureAwait(false);
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.Run(() => ProduceAsync(broker, stopTraffic.Token));
        using var analyzer = ServiceProcess.StartDll(dll, "analyzer", new Dictionary<string, string?>
        {
            ["ConnectionStrings__kafka"] = broker.Bootstrap,
            ["Analyzer__Groups__0"] = Groups[0],
            ["Analyzer__Groups__1"] = Groups[1],
            ["Analyzer__MembershipSource"] = "reports",
        });
        try
        {
            var baseUri = await analyzer.WaitForAddressAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
            foreach (var group in Groups)
            {
                await WaitForMembersAsync(http, group, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }

            var requests = options.AnalyzerRequests;
            await TimeAsync(http, "/alive", 20).ConfigureAwait(false); // warm-up
            await TimeAsync(http, $"/api/groups/{Groups[0]}", 20).ConfigureAwait(false);
            var alive = await TimeAsync(http, "/alive", requests).ConfigureAwait(false);
            var describe = new List<double>();
            foreach (var group in Groups)
            {
                describe.AddRange(await TimeAsync(http, $"/api/groups/{group}", requests / 2).ConfigureAwait(false));
            }

            describe.Sort();

            report.Line($"The analyzer (`services/Analyzer`, {RepositoryPaths.Configuration} build) as a process, watching two live groups " +
                        "(our pipeline in the bench process, reports topic membership) on a 6-partition topic fed 200 orders/s; " +
                        "sequential requests over loopback HTTP/1.1 after warm-up. Baseline: `GET /alive` on the same server.")
                .Line()
                .Table(["request", "requests", "p50 ms", "p99 ms", "max ms"],
                [
                    ["GET /alive (baseline)", N(alive.Count), F(Stats.Percentile(alive, 50), "0.00"), F(Stats.Percentile(alive, 99), "0.00"), F(alive[^1], "0.00")],
                    ["GET /api/groups/{group} (describe, 6 partitions, 2 groups)", N(describe.Count), F(Stats.Percentile(describe, 50), "0.00"), F(Stats.Percentile(describe, 99), "0.00"), F(describe[^1], "0.00")],
                ])
                .Line($"Describe ÷ alive: p50 {F(Stats.Percentile(describe, 50) / Stats.Percentile(alive, 50), "0.00")}, " +
                      $"p99 {F(Stats.Percentile(describe, 99) / Stats.Percentile(alive, 99), "0.00")}. Describe serves the analysis the " +
                      "sampler computed at its last interval; the analysis itself is timed below.")
                .Line();
            report.Goal("Analyzer describe latency, 6 partitions × 2 groups", $"p50 {F(Stats.Percentile(describe, 50), "0.00")} ms, p99 {F(Stats.Percentile(describe, 99), "0.00")} ms", null);
        }
        finally
        {
            await stopTraffic.CancelAsync().ConfigureAwait(false);
            await traffic.ConfigureAwait(false);
        }
    }

    private static async Task ProduceAsync(BenchBroker broker, CancellationToken stop)
    {
        using var producer = BenchOrders.Producer(broker.Bootstrap);
        var watch = Stopwatch.StartNew();
        long i = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var due = (long)(watch.Elapsed.TotalSeconds * 200); i < due; i++)
            {
                producer.Produce(broker.Topic, BenchOrders.Message(i));
            }

            try { await Task.Delay(20, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static async Task WaitForMembersAsync(HttpClient http, string group, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            using var response = await http.GetAsync(new Uri($"/api/groups/{group}", UriKind.Relative)).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false)).RootElement;
                var partitions = json.GetProperty("partitions");
                if (partitions.GetArrayLength() == 6 && partitions.EnumerateArray().All(p => p.GetProperty("consumerId").ValueKind == JsonValueKind.String))
                {
                    return;
                }
            }
            await Task.Delay(250).ConfigureAwait(false);
        }
        throw new TimeoutException($"the analyzer did not describe group {group} with 6 owned partitions within {timeout.TotalSeconds:0} s");
    }

    private static async Task<List<double>> TimeAsync(HttpClient http, string path, int count)
    {
        var times = new List<double>(count);
        var uri = new Uri(path, UriKind.Relative);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        return times;
    }

    private static void Synthetic(BenchOptions options, SectionReport report)
    {
        var passes = options.Quick ? 5 : 20;
        var small = PassTimes(groups: 2, partitions: 6, members: 3, passes * 20);
        var large = PassTimes(groups: 50, partitions: 1000, members: 50, passes);
        report.Line("Synthetic input through the analyzer's pure code (`GroupTracker.Analyze` + JSON of the describe response, " +
                    $"as `GET /api/groups/{{group}}` writes it), one sampling pass = every group once; {WarmUpPasses} warm-up passes fill the " +
                    $"rate (15 s) and status (10 commits) windows, then {passes} timed passes ({passes * 20} for the small input).")
            .Line()
            .Table(["input", "pass median ms", "pass max ms", "per group median ms", "describe JSON per group"],
            [
                ["6 partitions × 2 groups, 3 members (baseline)", F(small.Median, "0.000"), F(small.Max, "0.000"), F(small.Median / 2, "0.000"), N(small.Bytes) + " B"],
                ["1,000 partitions × 50 groups, 50 members", F(large.Median, "0.0"), F(large.Max, "0.0"), F(large.Median / 50, "0.00"), N(large.Bytes) + " B"],
            ])
            .Line($"Per group, 1,000 partitions cost {F(large.Median / 50 / (small.Median / 2), "0")} × the 6-partition group " +
                  $"(for {F(1000 / 6.0, "0")} × the partitions). A full pass over 50 groups of 1,000 partitions takes {F(large.Median, "0")} ms " +
                  "of the analyzer's 1,000 ms default sampling interval (Kafka reads not included).");
        report.Goal("Analyzer analysis pass, 1,000 partitions × 50 groups", $"median {F(large.Median, "0")} ms per pass, {F(large.Median / 50, "0.0")} ms per group", null);
    }

    private sealed record PassResult(double Median, double Max, long Bytes);

    private static PassResult PassTimes(int groups, int partitions, int members, int passes)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var synthetic = Enumerable.Range(0, groups).Select(g => new SyntheticGroup($"group-{g}", partitions, members)).ToList();
        long bytes = 0;
        for (var i = 0; i < WarmUpPasses; i++)
        {
            foreach (var g in synthetic)
            {
                g.Sample();
            }
        }

        var times = new List<double>();
        for (var pass = 0; pass < passes; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var g in synthetic)
            {
                var a = g.Sample();
                bytes = JsonSerializer.SerializeToUtf8Bytes(new { a.Group, a.State, a.StateSource, a.Protocol, a.MembershipSource, a.HasReports, a.At, a.Partitions, a.UnknownSignals }, json).LongLength;
            }
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return new PassResult(Stats.Median(times), times.Max(), bytes);
    }
}
