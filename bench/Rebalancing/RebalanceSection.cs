using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Rebalancing;

/// <summary>Section 2: for each setup, three order-processors replicas (real processes) under a steady 600 orders/s,
/// then cycles of: graceful stop (SIGTERM) → scale-up (start one) → kill -9 → scale-up. Each event's pause is the
/// longest time a partition went without a newly processed order, from the event until the group is settled again
/// (read from the processed_at times in the group's per-partition store files).</summary>
public static class RebalanceSection
{
    private static readonly (string Strategy, string Protocol, string Label)[] Setups =
    [
        ("range", "classic", "classic, range"),
        ("cooperative-sticky", "classic", "classic, cooperative-sticky"),
        ("range", "consumer", "KIP-848 (consumer protocol)"),
    ];

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
    private const long WindowBeforeMs = 2000;

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDllIfBuilt("OrderProcessors");
        if (dll is null)
        {
            report.NotMeasured($"services/OrderProcessors is not built for {RepositoryPaths.Configuration} (build the bench project: it builds it).");
            return;
        }

        // One setup after the other: run side by side they disturb each other's timing badly on a small machine.
        var results = new List<SetupResult>();
        foreach (var (strategy, protocol, label) in Setups)
        {
            results.Add(await RunSetupAsync(dll, strategy, protocol, label, options.RebalanceCycles, options.Quick).ConfigureAwait(false));
        }

        Render(options, report, results);
    }

    private sealed record SetupResult(string Label, double SteadyGap, IReadOnlyList<PauseSample> Samples);

    private static async Task<SetupResult> RunSetupAsync(string dll, string strategy, string protocol, string label, int cycles, bool quick)
    {
        Console.WriteLine($"  rebalance: {label}");
        await using var world = new RebalanceWorld(dll, strategy, protocol, label);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => world.StartReplicaAsync())).ConfigureAwait(false);
        world.StartProducing();
        var formed = await world.WaitSettledAsync(0, TimeSpan.FromSeconds(90)).ConfigureAwait(false)
            ?? throw new TimeoutException($"{label}: three replicas did not settle on all partitions within 90 s");
        await Task.Delay(quick ? 1500 : 3000).ConfigureAwait(false);
        var steady = world.Log.LongestGap(formed, formed, RebalanceWorld.NowMs).Seconds;

        var samples = new List<PauseSample>();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            samples.Add(await GracefulStopAsync(world).ConfigureAwait(false));
            samples.Add(await ScaleUpAsync(world).ConfigureAwait(false));
            samples.Add(await KillAsync(world).ConfigureAwait(false));
            if (cycle < cycles)
            {
                samples.Add(await ScaleUpAsync(world).ConfigureAwait(false));
            }
        }
        return new SetupResult(label, steady, samples);
    }

    private static async Task<PauseSample> GracefulStopAsync(RebalanceWorld world)
    {
        var victim = world.Live[0];
        var at = RebalanceWorld.NowMs;
        victim.Terminate();
        var exit = await victim.WaitForExitOrNullAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var left = victim.Output.Any(l => l.Contains("committed and left the group", StringComparison.Ordinal));
        world.Forget(victim);
        return await MeasureAsync(world, RebalanceTrigger.GracefulStop, at,
            exit is 0 && left ? "" : $"{victim.Name} exit {exit?.ToString() ?? "timeout (killed)"}, left the group: {left}").ConfigureAwait(false);
    }

    private static async Task<PauseSample> ScaleUpAsync(RebalanceWorld world)
    {
        var at = RebalanceWorld.NowMs;
        await world.StartReplicaAsync().ConfigureAwait(false);
        return await MeasureAsync(world, RebalanceTrigger.ScaleUp, at, "").ConfigureAwait(false);
    }

    private static async Task<PauseSample> KillAsync(RebalanceWorld world)
    {
        var victim = world.Live[0];
        var at = RebalanceWorld.NowMs;
        victim.KillHard();
        world.Forget(victim);
        return await MeasureAsync(world, RebalanceTrigger.Kill, at, "").ConfigureAwait(false);
    }

    private static async Task<PauseSample> MeasureAsync(RebalanceWorld world, RebalanceTrigger trigger, long at, string note)
    {
        var settled = await world.WaitSettledAsync(at, SettleTimeout).ConfigureAwait(false);
        if (settled is null)
        {
            Console.WriteLine($"    {world.Label} {trigger}: did not settle within {SettleTimeout.TotalSeconds:0} s");
            return new PauseSample(trigger, null, -1, $"not settled within {SettleTimeout.TotalSeconds:0} s {note}".Trim());
        }
        var (seconds, partition) = world.Log.LongestGap(at - WindowBeforeMs, at, settled.Value);
        Console.WriteLine($"    {world.Label} {trigger}: pause {seconds:0.00} s (partition {partition}) {note}");
        return new PauseSample(trigger, seconds, partition, note);
    }

    private static void Render(BenchOptions options, SectionReport report,
        IReadOnlyList<SetupResult> results)
    {
        var killGoal = RebalanceWorld.SessionTimeout.TotalSeconds + 2;
        report.Line($"Three order-processors replicas (separate processes, per-partition SQLite effect store) on a 6-partition topic fed " +
                    $"{RebalanceWorld.RatePerSecond} orders/s; session timeout {RebalanceWorld.SessionTimeout.TotalSeconds:0} s, heartbeat " +
                    $"{RebalanceWorld.HeartbeatInterval.TotalSeconds:0} s (KIP-848: set on the broker). {options.RebalanceCycles} cycle(s) per setup of " +
                    "graceful stop (SIGTERM, 3→2) → scale-up (2→3) → kill -9 (3→2) → scale-up (2→3, not after the last cycle).")
            .Line()
            .Line("**Pause** = the longest time any partition went without a newly processed order, from the event until every " +
                  "partition is processed again by exactly the live replicas (read from `processed_at` in the group's per-partition store files). It " +
                  "includes the wait for the broker (session timeout after kill -9), the rebalance itself, and re-processing " +
                  "of already-applied orders from the last commit (duplicates are not new rows). Scale-up is timed from the " +
                  "start of the new process. The steady-state longest gap (no event) shows the measurement floor.")
            .Line();
        if (options.RebalanceCycles < 5)
        {
            report.Line($"_Quick run: {options.RebalanceCycles} cycle(s) per setup, below the ≥ 5 runs the goals call for: indicative only._").Line();
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (label, steady, samples) in results)
        {
            foreach (var trigger in Enum.GetValues<RebalanceTrigger>())
            {
                var ofKind = samples.Where(s => s.Trigger == trigger).ToList();
                var measured = ofKind.Where(s => s.PauseSeconds is not null).Select(s => s.PauseSeconds!.Value).ToList();
                var failed = ofKind.Count - measured.Count;
                var median = Stats.Median(measured);
                var max = measured.Count == 0 ? double.NaN : measured.Max();
                var goal = trigger == RebalanceTrigger.Kill ? killGoal : 2.0;
                rows.Add([
                    label, Describe(trigger), $"{measured.Count}{(failed > 0 ? $" (+{failed} not settled)" : "")}",
                    F(median, "0.00"), measured.Count == 0 ? "n/a" : $"{F(measured.Min(), "0.00")}–{F(max, "0.00")}",
                    string.Join(", ", measured.Select(s => F(s, "0.00"))), F(steady, "0.00"),
                ]);
                var met = measured.Count == 0 ? (bool?)null : failed == 0 && max <= goal;
                report.Goal($"{label}: {Describe(trigger)} ≤ {goal:0} s (max of runs)", $"median {F(median, "0.00")} s, max {F(max, "0.00")} s, n={measured.Count}{(failed > 0 ? $", {failed} not settled" : "")}", met);
            }
        }
        report.Table(["setup", "event", "runs", "median s", "min–max s", "every run s", "steady gap s"], rows);
        var notes = results.SelectMany(r => r.Samples.Where(s => s.Note.Length > 0).Select(s => $"{r.Label}, {Describe(s.Trigger)}: {s.Note}")).ToList();
        if (notes.Count > 0)
        {
            report.Line("Notes: " + string.Join("; ", notes)).Line();
        }
    }

    private static string Describe(RebalanceTrigger trigger) => trigger switch
    {
        RebalanceTrigger.GracefulStop => "graceful stop",
        RebalanceTrigger.ScaleUp => "scale-up",
        _ => "kill -9",
    };
}
