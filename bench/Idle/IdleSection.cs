using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Consumer;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Idle;

/// <summary>Section 10: the whole system (the AppHost, default topology) with no load. CPU of each of the project's own
/// processes over a window (utime + stime from /proc), as % of one core; then "first order after idle": after the idle
/// window, one order produced and timed until order-processors serves it from its store.</summary>
public static class IdleSection
{
    /// <summary>The project's own processes in the default topology (AppHost/appsettings.json): project and count.</summary>
    private static readonly (string Project, int Count)[] Expected =
        [("EmbeddedKafka", 1), ("LoadGenerator", 1), ("OrderProcessors", 3), ("Analytics", 2), ("Analyzer", 1)];

    private const string Topic = "order-events";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan IdleBeforeOrder = TimeSpan.FromSeconds(10);

    /// <summary>The thread in which .NET recompiles hot methods (tiered compilation, name cut to 15 characters by Linux):
    /// busy for a minute or two after start, then quiet. Idle is measured once it is.</summary>
    private const string TieredCompilationThread = ".NET Tiered Com";
    private static readonly TimeSpan JitProbe = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan JitSettleTimeout = TimeSpan.FromMinutes(6);
    /// <summary>Tiered compilation counts as settled below this share of one core (all the project's processes
    /// together), over <see cref="JitQuietProbes"/> probes in a row: methods called by timers every few seconds reach
    /// their recompilation threshold minutes after start, in waves.</summary>
    private const double JitSettledPercent = 0.2;
    private const int JitQuietProbes = 3;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record Service(string Project, ProcessStat Process, Uri? Url);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.AppHostDllIfBuilt();
        if (dll is null)
        {
            report.NotMeasured($"the AppHost is not built for {RepositoryPaths.Configuration}: `dotnet build AppHost -c {RepositoryPaths.Configuration}` first (the bench does not build it).");
            return;
        }

        IReadOnlyList<(string Name, double Percent)> cpu;
        IReadOnlyList<(string Name, double Percent)> excluded;
        var firstOrder = new List<double>();
        var window = options.IdleDuration;
        TimeSpan upAfter;
        TimeSpan jitSettledAfter;
        double startupPercent;
        bool jitSettled;
        double jitInWindow;
        var run = AppHostRun.Start(dll);
        try
        {
            var watch = Stopwatch.StartNew();
            var services = await WaitUpAsync(run).ConfigureAwait(false);
            upAfter = watch.Elapsed;
            Console.WriteLine($"  idle: system up after {upAfter.TotalSeconds:0} s; measuring {window.TotalSeconds:0} s");
            // Start-up work (group joins, first reports, and above all tiered compilation recompiling hot methods) is
            // over before the window opens; what it cost meanwhile is reported apart.
            var before = OwnCpu(services);
            (jitSettled, jitSettledAfter) = await WaitForJitToSettleAsync(services).ConfigureAwait(false);
            startupPercent = (OwnCpu(services) - before).TotalSeconds / jitSettledAfter.TotalSeconds * 100;
            Console.WriteLine($"  idle: tiered compilation {(jitSettled ? "settled" : "still busy")} after {jitSettledAfter.TotalSeconds:0} s more " +
                              $"(project's own processes meanwhile {startupPercent:0.0}% of one core)");
            var jitBefore = JitThreads(services);
            (cpu, excluded) = await MeasureCpuAsync(run, services, window).ConfigureAwait(false);
            jitInWindow = JitCpuSince(jitBefore, JitThreads(services)).TotalSeconds / window.TotalSeconds * 100;

            var bootstrap = ProcessStat.Environment(services.First(s => s.Project == "OrderProcessors").Process.Pid, "ConnectionStrings__kafka")
                ?? throw new InvalidOperationException("order-processors has no ConnectionStrings__kafka in its environment");
            var processor = services.First(s => s.Project == "OrderProcessors" && s.Url is not null).Url!;
            for (var i = 0; i < (options.Quick ? 1 : 3); i++)
            {
                // The CPU window was idle; later samples wait the same idle time again.
                if (i > 0)
                {
                    await Task.Delay(IdleBeforeOrder).ConfigureAwait(false);
                }

                firstOrder.Add(await FirstOrderAsync(bootstrap, processor).ConfigureAwait(false));
                Console.WriteLine($"  idle: first order after idle processed in {firstOrder[^1]:0} ms");
            }
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        var total = cpu.Sum(c => c.Percent);
        report.Line($"The AppHost (Release build, default topology, embedded Kafka) as a developer runs it, with no load: up (every " +
                    $"service answering `/alive`, both groups owning every partition) after {upAfter.TotalSeconds:0} s. Then start-up work " +
                    $"ends: .NET's tiered compilation recompiles hot methods in a background thread (`{TieredCompilationThread}`) for a " +
                    $"minute or two after start; the window opens once those threads of the project's processes use less than " +
                    $"{JitSettledPercent:0.0}% of one core over {JitQuietProbes} {JitProbe.TotalSeconds:0} s probes in a row: " +
                    (jitSettled ? $"after {jitSettledAfter.TotalSeconds:0} s more" : $"**not settled** after {jitSettledAfter.TotalSeconds:0} s (measured anyway)") +
                    $", during which the project's processes used {F(startupPercent, "0.0")}% of one core (start-up, not idle). Then CPU time " +
                    $"(utime + stime of every thread, `/proc/<pid>/stat`) of each of the project's own processes over " +
                    $"{window.TotalSeconds:0} s, as % of one core. DCP, the dashboard, the AppHost and the `dotnet run` launchers DCP " +
                    "starts each project with are not the project's own and are listed apart.")
            .Line()
            .Table(["process", "% of one core"], [.. cpu.Select(c => (IReadOnlyList<string>)[c.Name, F(c.Percent, "0.00")]),
                ["**total (project's own)**", $"**{F(total, "0.00")}**"]])
            .Line($"Of the total, tiered compilation took at least {F(jitInWindow, "0.00")}% (its threads' CPU in the window; a thread that ended within it is not seen).")
            .Line()
            .Line("Not the project's own (not in the total): " + string.Join(", ", excluded.Select(e => $"{e.Name} {F(e.Percent, "0.00")}%")) + ".")
            .Line()
            .Line($"**First order after idle:** after ≥ {IdleBeforeOrder.TotalSeconds:0} s with no traffic, one order produced to `{Topic}` " +
                  "(bench producer, connection already open) and timed until order-processors' `/api/processed-orders/{id}` answers 200 " +
                  $"(polled every 5 ms): {Rounds(firstOrder, v => F(v, "0"))} ms.")
            .Line()
            .Line("Stopped with SIGINT to the AppHost; " + (run.KilledLeftovers.Count == 0
                ? "every process it started had exited within 30 s."
                : $"{run.KilledLeftovers.Count} process(es) still running 30 s later were killed: {string.Join("; ", run.KilledLeftovers)}."));
        report.Goal("Idle CPU of the project's own processes ≤ 5% of one core", $"{F(total, "0.00")}%", total <= 5);
        report.Goal("First order after idle: produce → processed", $"{Rounds(firstOrder, v => F(v, "0"))} ms", null);
    }

    private static TimeSpan OwnCpu(IReadOnlyList<Service> services) =>
        TimeSpan.FromTicks(services.Sum(s => (ProcessStat.Read(s.Process.Pid)?.Cpu ?? TimeSpan.Zero).Ticks));

    private static Dictionary<int, IReadOnlyDictionary<int, TimeSpan>> JitThreads(IReadOnlyList<Service> services) =>
        services.ToDictionary(s => s.Process.Pid, s => ProcessStat.ThreadsCpu(s.Process.Pid, TieredCompilationThread));

    private static TimeSpan JitCpuSince(Dictionary<int, IReadOnlyDictionary<int, TimeSpan>> before, Dictionary<int, IReadOnlyDictionary<int, TimeSpan>> after) =>
        TimeSpan.FromTicks(after.Sum(p => ProcessStat.CpuSince(before.TryGetValue(p.Key, out var b) ? b : new Dictionary<int, TimeSpan>(), p.Value).Ticks));

    /// <summary>Probes the tiered-compilation threads' CPU until it stays low twice in a row (or the timeout passes);
    /// returns whether it settled and how long that took.</summary>
    private static async Task<(bool Settled, TimeSpan After)> WaitForJitToSettleAsync(IReadOnlyList<Service> services)
    {
        var watch = Stopwatch.StartNew();
        var quietProbes = 0;
        var last = JitThreads(services);
        while (watch.Elapsed < JitSettleTimeout)
        {
            await Task.Delay(JitProbe).ConfigureAwait(false);
            var now = JitThreads(services);
            var percent = JitCpuSince(last, now).TotalSeconds / JitProbe.TotalSeconds * 100;
            last = now;
            quietProbes = percent < JitSettledPercent ? quietProbes + 1 : 0;
            if (quietProbes >= JitQuietProbes)
            {
                return (true, watch.Elapsed);
            }
        }
        return (false, watch.Elapsed);
    }

    /// <summary>Waits until every expected process runs and answers <c>/alive</c>, and both groups own every partition.</summary>
    private static async Task<IReadOnlyList<Service>> WaitUpAsync(AppHostRun run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        var missing = "";
        while (watch.Elapsed < StartTimeout)
        {
            if (run.HasExited)
            {
                throw new InvalidOperationException($"the AppHost exited:\n{run.Tail()}");
            }

            var services = Services(run.Orchestrated());
            missing = string.Join(", ", Expected.Where(e => services.Count(s => s.Project == e.Project) < e.Count).Select(e => e.Project));
            if (missing.Length == 0 && await AllAliveAsync(http, services).ConfigureAwait(false)
                && await GroupOwnsAllAsync(http, services, "OrderProcessors").ConfigureAwait(false)
                && await GroupOwnsAllAsync(http, services, "Analytics").ConfigureAwait(false))
            {
                return services;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
        throw new TimeoutException($"the system was not up within {StartTimeout.TotalMinutes:0} min (missing or not answering: {(missing.Length > 0 ? missing : "a health check or a group's assignment")}):\n{run.Tail()}");
    }

    private static List<Service> Services(IReadOnlyList<ProcessStat> processes) =>
        [.. from e in Expected
            from p in processes
            where p.Program == RepositoryPaths.ServiceExecutable(e.Project)
            select new Service(e.Project, p, Url(p.Pid))];

    private static Uri? Url(int pid)
    {
        var urls = ProcessStat.Environment(pid, "ASPNETCORE_URLS");
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal));
        return first is null ? null : new Uri(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
    }

    private static async Task<bool> AllAliveAsync(HttpClient http, IReadOnlyList<Service> services)
    {
        foreach (var service in services)
        {
            if (service.Url is null)
            {
                continue; // no HTTP endpoint: being up is enough
            }

            try
            {
                using var response = await http.GetAsync(new Uri(service.Url, "/alive")).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return false; }
        }
        return true;
    }

    private static async Task<bool> GroupOwnsAllAsync(HttpClient http, IReadOnlyList<Service> services, string project)
    {
        var views = new List<ConsumerView?>();
        foreach (var service in services.Where(s => s.Project == project && s.Url is not null))
        {
            try { views.Add(await http.GetFromJsonAsync<ConsumerView>(new Uri(service.Url!, "/api/consumer"), Json).ConfigureAwait(false)); }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException) { return false; }
        }
        return views.Count > 0 && ReplicaGroup.Owned(views, 6);
    }

    private static async Task<(IReadOnlyList<(string, double)> Own, IReadOnlyList<(string, double)> Excluded)> MeasureCpuAsync(
        AppHostRun run, IReadOnlyList<Service> services, TimeSpan window)
    {
        var before = run.Orchestrated().Append(ProcessStat.Read(run.Pid)).OfType<ProcessStat>().ToDictionary(p => p.Pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window).ConfigureAwait(false);
        var after = run.Orchestrated().Append(ProcessStat.Read(run.Pid)).OfType<ProcessStat>().ToDictionary(p => p.Pid);
        var seconds = watch.Elapsed.TotalSeconds;
        double Percent(int pid) =>
            before.TryGetValue(pid, out var b) && after.TryGetValue(pid, out var a) ? (a.Cpu - b.Cpu).TotalSeconds / seconds * 100 : double.NaN;

        var own = new List<(string, double)>();
        foreach (var group in services.GroupBy(s => s.Project))
        {
            var i = 0;
            foreach (var service in group.OrderBy(s => s.Process.Pid))
            {
                own.Add((group.Count() > 1 ? $"{group.Key} #{++i}" : group.Key, Percent(service.Process.Pid)));
            }
        }
        var ownPids = services.Select(s => s.Process.Pid).ToHashSet();
        var others = before.Values.Where(p => !ownPids.Contains(p.Pid)).ToList();
        var prometheus = others.Where(p => Path.GetFileName(p.Program) == "prometheus").ToList();
        var excluded = new List<(string, double)>
        {
            ("AppHost", Percent(run.Pid)),
            ("DCP", others.Where(p => Path.GetFileName(p.Program) == "dcp").Sum(p => Percent(p.Pid))),
            ("dashboard", others.Where(p => p.Program.EndsWith("Aspire.Dashboard", StringComparison.Ordinal)).Sum(p => Percent(p.Pid))),
            ("`dotnet run` launchers", others.Where(p => Path.GetFileName(p.Program) == "dotnet").Sum(p => Percent(p.Pid))),
            (prometheus.Count > 0 ? "prometheus" : "prometheus (not running: not on PATH, no Docker)", prometheus.Sum(p => Percent(p.Pid))),
        };
        return (own, excluded);
    }

    /// <summary>One order produced (producer connected beforehand), timed until order-processors answers 200 for it.</summary>
    private static async Task<double> FirstOrderAsync(string bootstrap, Uri processor)
    {
        using var producer = BenchOrders.Producer(bootstrap, lingerMs: 0);
        using (var admin = new DependentAdminClientBuilder(producer.Handle).Build())
        {
            admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)); // connect before timing
        }

        using var http = new HttpClient { BaseAddress = processor, Timeout = TimeSpan.FromSeconds(5) };
        var order = BenchOrders.New(0);
        var watch = Stopwatch.StartNew();
        producer.Produce(Topic, BenchOrders.Message(order));
        producer.Flush(TimeSpan.FromSeconds(10));
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var response = await http.GetAsync(new Uri($"/api/processed-orders/{order.OrderId}", UriKind.Relative)).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return watch.Elapsed.TotalMilliseconds;
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
        throw new TimeoutException($"order {order.OrderId} was not processed within 60 s");
    }
}
