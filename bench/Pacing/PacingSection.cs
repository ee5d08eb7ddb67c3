using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Pacing;

/// <summary>Section 4: the load generator run as a process against an embedded broker; for each requested rate one job
/// of rate × duration orders through its API; achieved rate (acknowledged ÷ job time, the job's own figure) ÷ requested.
/// The highest rate the API accepts (100,000/s) gives the maximum sustained rate.</summary>
public static class PacingSection
{
    private static readonly int[] Rates = [100, 1_000, 10_000, 50_000];
    private const int MaxRate = 100_000;

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDllIfBuilt("LoadGenerator");
        if (dll is null)
        {
            report.NotMeasured($"services/LoadGenerator is not built for {RepositoryPaths.Configuration}.");
            return;
        }

        using var broker = new BenchBroker("order-events");
        using var service = ServiceProcess.StartDll(dll, "load-generator", new Dictionary<string, string?>
        {
            ["ConnectionStrings__kafka"] = broker.Bootstrap,
        });
        var baseUri = await service.WaitForAddressAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

        var rows = new List<IReadOnlyList<string>>();
        var ratios = new List<(int Rate, double Ratio)>();
        var maxSustained = 0.0;
        var maxAt = 0;
        foreach (var rate in Rates.Append(MaxRate))
        {
            var count = (long)Math.Max(rate * options.PacingDuration.TotalSeconds, Math.Min(rate, 500));
            var job = await RunJobAsync(http, count, rate, service).ConfigureAwait(false);
            var ratio = job.Achieved / rate;
            Console.WriteLine($"  pacing {rate}/s: achieved {job.Achieved:0.0}/s ({ratio:0.000}), {job.State}");
            rows.Add([N(rate), N(count), job.State, N(job.Acknowledged), N(job.Failed), F(job.Achieved, "#,0.0"), F(ratio, "0.000")]);
            if (job.Achieved > maxSustained)
            {
                (maxSustained, maxAt) = (job.Achieved, rate);
            }

            if (rate != MaxRate)
            {
                ratios.Add((rate, ratio));
            }
        }

        report.Line($"The load generator (`services/LoadGenerator`, {RepositoryPaths.Configuration} build) as a separate process, producing to an " +
                    $"embedded 3-broker cluster in the bench process; one job per rate of rate × {options.PacingDuration.TotalSeconds:0} s orders " +
                    "(uniform keys, default payload). Achieved = the job's own `achievedRatePerSecond` (acknowledged ÷ time from start to " +
                    "finish, delivery wait included). The last row asks for the API's maximum, 100,000/s; the maximum sustained rate is the " +
                    "highest achieved rate of any job.")
            .Line()
            .Table(["requested /s", "orders", "state", "acknowledged", "failed", "achieved /s", "achieved ÷ requested"], rows)
            .Line($"Maximum sustained rate on this machine: **{N(maxSustained)} orders/s** (the job asking for {N(maxAt)}/s).");
        foreach (var (rate, ratio) in ratios)
        {
            report.Goal($"Load generator pacing at {N(rate)}/s: achieved ÷ requested", F(ratio, "0.000"), null);
        }

        report.Goal("Load generator maximum sustained rate", $"{N(maxSustained)} /s (asked {N(maxAt)}/s)", null);
    }

    private sealed record JobResult(string State, long Acknowledged, long Failed, double Achieved);

    private static async Task<JobResult> RunJobAsync(HttpClient http, long count, int rate, ServiceProcess service)
    {
        using var response = await http.PostAsJsonAsync("/api/orders/generate", new { count, ratePerSecond = rate }).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/orders/generate {count} at {rate}/s: {(int)response.StatusCode} {body}\n{service.Tail()}");
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();

        var limit = TimeSpan.FromSeconds(count / (double)rate * 3 + 60);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(250).ConfigureAwait(false);
            var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/orders/generate/{id}", UriKind.Relative)).ConfigureAwait(false)).RootElement;
            var state = json.GetProperty("state").GetString() ?? "?";
            if (state != "Running" || watch.Elapsed > limit)
            {
                if (state == "Running")
                {
                    await http.DeleteAsync(new Uri($"/api/orders/generate/{id}", UriKind.Relative)).ConfigureAwait(false);
                }

                return new JobResult(
                    state == "Running" ? $"cancelled after {limit.TotalSeconds:0} s" : state,
                    json.GetProperty("acknowledged").GetInt64(),
                    json.GetProperty("failed").GetInt64(),
                    json.GetProperty("achievedRatePerSecond").GetDouble());
            }
        }
    }
}
