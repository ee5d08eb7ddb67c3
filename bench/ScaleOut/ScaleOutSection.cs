using System.Diagnostics;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.ScaleOut;

/// <summary>Section 7: how the drain rate grows with replicas. For 1, 2 and 3 order-processors replica processes (each
/// with the same CPU limit, as pods with a CPU limit: a CFS quota where the machine allows it, else pinned to a core),
/// on a fresh broker, group and store directory: wait until every replica owns partitions, then produce N orders as fast
/// as the producer goes; rate = N ÷ (first produce → the store holding N orders).</summary>
public static class ScaleOutSection
{
    private static readonly int[] ReplicaCounts = [1, 2, 3];
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Each replica's CPU limit: three of them (1.2 cores) leave the rest of two cores to the broker and the
    /// producer, so the replicas, not the machine, set the rate.</summary>
    public const double CoresPerReplica = 0.4;

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDllIfBuilt("OrderProcessors");
        if (dll is null)
        {
            report.NotMeasured($"services/OrderProcessors is not built for {RepositoryPaths.Configuration} (build the bench project: it builds it).");
            return;
        }

        var quotas = CpuQuota.Available();
        var rates = ReplicaCounts.ToDictionary(n => n, _ => new List<double>());
        var throttled = ReplicaCounts.ToDictionary(n => n, _ => new List<double>());
        var produceRates = new List<double>();
        for (var round = 1; round <= options.ScaleOutRounds; round++)
        {
            foreach (var replicas in ReplicaCounts)
            {
                var (rate, produceRate, throttledShare) = await DrainAsync(dll, replicas, options.ScaleOutOrders, quotas).ConfigureAwait(false);
                rates[replicas].Add(rate);
                throttled[replicas].Add(throttledShare);
                produceRates.Add(produceRate);
                Console.WriteLine($"  scale-out round {round}, {replicas} replica(s): {rate:0} orders/s (produced at {produceRate:0}/s)");
            }
        }

        var medians = rates.ToDictionary(r => r.Key, r => Stats.Median(r.Value));
        // Ratios per round (both figures from the same round), then their median.
        var twoOverOne = Enumerable.Range(0, options.ScaleOutRounds).Select(i => rates[2][i] / rates[1][i]).ToList();
        var threeOverTwo = Enumerable.Range(0, options.ScaleOutRounds).Select(i => rates[3][i] / rates[2][i]).ToList();
        var cores = string.Join(", ", ReplicaCounts.Select(n => $"{n}: cores {string.Join("+", Enumerable.Range(0, n).Select(i => i % Environment.ProcessorCount))}"));

        report.Line($"{N(options.ScaleOutOrders)} orders (≈260 B) produced as fast as the bench producer goes (acks=all, idempotent; it " +
                    $"reached {Rounds(produceRates, N)} orders/s over the runs) into an empty 6-partition topic on a fresh embedded broker, drained by 1, 2 and 3 " +
                    "order-processors replicas (separate processes, Release build, range assignment, the per-partition SQLite store in a fresh " +
                    $"directory, fresh group id). Production starts once every replica owns partitions. {options.ScaleOutRounds} round(s) of " +
                    "1 → 2 → 3 replicas. Rate = orders ÷ time from the first produce to the store holding every order " +
                    "(`/api/processed-orders/stats`, polled every 100 ms).")
            .Line()
            .Line(quotas
                ? $"**CPU:** each replica runs in its own CPU cgroup limited to {F(CoresPerReplica, "0.0")} of a core (CFS quota " +
                  $"{(int)(CoresPerReplica * 100_000)} µs per 100 ms), as a pod with a {(int)(CoresPerReplica * 1000)}m CPU limit on its own node: " +
                  $"a replica has the same CPU whatever the count, so the rate shows what a replica adds. 3 replicas take " +
                  $"{F(3 * CoresPerReplica, "0.0")} of the machine's {Environment.ProcessorCount} cores; the broker and the producer run unlimited in the bench process. " +
                  $"Share of the drain each replica spent throttled (median over replicas and rounds): " +
                  string.Join(", ", ReplicaCounts.Select(n => $"{n}: {F(Stats.Median(throttled[n]) * 100, "0")} %")) + "."
                : $"**CPU:** cgroups are not writable here, so each replica is pinned to one core with `taskset -c` " +
                  $"(replica i on core i mod {Environment.ProcessorCount}: {cores}), as a pod with a one-CPU limit. The producer and the " +
                  "broker run unpinned in the bench process, so with 3 replicas two share a core with each other and all share with the broker.")
            .Line()
            .Table(["replicas", "orders/s per round", "median orders/s", "÷ 1 replica"],
                ReplicaCounts.Select(n => (IReadOnlyList<string>)[n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Rounds(rates[n], N), N(medians[n]), F(medians[n] / medians[1], "0.00")]))
            .Line($"Ratios per round: 2 ÷ 1 = {Rounds(twoOverOne, v => F(v, "0.00"))}; 3 ÷ 2 = {Rounds(threeOverTwo, v => F(v, "0.00"))}.");
        var twoOverOneMedian = Stats.Median(twoOverOne);
        var threeOverTwoMedian = Stats.Median(threeOverTwo);
        report.Goal("Scale-out: drain rate 2 replicas ÷ 1 ≥ 1.5 (median of rounds)", $"{F(twoOverOneMedian, "0.00")} (rounds {Rounds(twoOverOne, v => F(v, "0.00"))})", twoOverOneMedian >= 1.5);
        report.Goal("Scale-out: drain rate 3 replicas ÷ 2 ≥ 1.0 (median of rounds)", $"{F(threeOverTwoMedian, "0.00")} (rounds {Rounds(threeOverTwo, v => F(v, "0.00"))})", threeOverTwoMedian >= 1.0);
    }

    /// <summary>One run: returns the drain rate, the rate at which the orders were produced, and the share of the drain
    /// the replicas spent throttled by their CPU limit (0 without quotas).</summary>
    private static async Task<(double Rate, double ProduceRate, double ThrottledShare)> DrainAsync(string dll, int replicas, int orders, bool quotas)
    {
        using var broker = new BenchBroker("order-events", initialRebalanceDelay: TimeSpan.FromSeconds(3));
        using var group = await ReplicaGroup.StartAsync(dll, broker, "scale-out", "range", replicas, pin: !quotas).ConfigureAwait(false);
        await group.WaitOwnedAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        // Limited once joined: start-up is not what is measured, the drain is.
        var limits = quotas ? group.Replicas.Select(r => CpuQuota.Apply(r.Process.Pid, CoresPerReplica)).ToList() : [];
        try
        {
            return await MeasureAsync(group, broker, replicas, orders, limits).ConfigureAwait(false);
        }
        finally
        {
            // Any replica still running is moved back to the root group, so the cgroups can go first.
            foreach (var limit in limits)
            {
                limit.Dispose();
            }
        }
    }

    private static async Task<(double Rate, double ProduceRate, double ThrottledShare)> MeasureAsync(
        ReplicaGroup group, BenchBroker broker, int replicas, int orders, IReadOnlyList<CpuQuota> limits)
    {

        var produced = Task.Run(() => OrderStream.Burst(broker.Bootstrap, broker.Topic, orders));
        var start = Stopwatch.GetTimestamp();
        var replica = group.Replicas[0];
        long end;
        while (true)
        {
            await Task.Delay(100).ConfigureAwait(false);
            var stats = await replica.StatsAsync().ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            if (stats?.Processed >= orders)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(start) > DrainTimeout)
            {
                throw new TimeoutException($"{replicas} replica(s) stored {stats?.Processed.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of {orders} orders in {DrainTimeout.TotalMinutes:0} min");
            }
        }
        var burst = await produced.ConfigureAwait(false);
        // Timed from the first produce (the burst task may start a moment after the stopwatch above).
        var elapsed = Stopwatch.GetElapsedTime(burst.FirstAt, end);
        var throttledShare = limits.Count == 0 ? 0 : limits.Average(l => l.Throttled().TotalSeconds) / elapsed.TotalSeconds;
        return (orders / elapsed.TotalSeconds, orders / Stopwatch.GetElapsedTime(burst.FirstAt, burst.AcknowledgedAt).TotalSeconds, throttledShare);
    }
}
