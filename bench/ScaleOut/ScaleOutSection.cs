using System.Diagnostics;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.ScaleOut;

/// <summary>Section 7: how the drain rate grows with replicas. For 1, 2 and 3 order-processors replica processes (each
/// pinned to one core, as a pod with a one-CPU limit), on a fresh broker, group and store directory: wait until every
/// replica owns partitions, then produce N orders as fast as the producer goes; rate = N ÷ (first produce → the store
/// holding N orders).</summary>
public static class ScaleOutSection
{
    private static readonly int[] ReplicaCounts = [1, 2, 3];
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDll("OrderProcessors");
        if (dll is null)
        {
            report.NotMeasured($"services/OrderProcessors is not built for {RepositoryPaths.Configuration} (build the bench project: it builds it).");
            return;
        }

        var rates = ReplicaCounts.ToDictionary(n => n, _ => new List<double>());
        var produceRates = new List<double>();
        for (var round = 1; round <= options.ScaleOutRounds; round++)
        {
            foreach (var replicas in ReplicaCounts)
            {
                var (rate, produceRate) = await DrainAsync(dll, replicas, options.ScaleOutOrders).ConfigureAwait(false);
                rates[replicas].Add(rate);
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
            .Line($"**CPU:** the machine has {Environment.ProcessorCount} cores; each replica is pinned to one core with `taskset -c` " +
                  $"(replica i on core i mod {Environment.ProcessorCount}: {cores}), as a pod with a one-CPU limit. The producer and the " +
                  "broker run unpinned in the bench process, so with 3 replicas two share a core with each other (range gives each replica 2 partitions: that core carries 4 of the 6) " +
                  "and all share with the broker.")
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

    /// <summary>One run: returns the drain rate and the rate at which the orders were produced.</summary>
    private static async Task<(double Rate, double ProduceRate)> DrainAsync(string dll, int replicas, int orders)
    {
        using var broker = new BenchBroker("order-events", initialRebalanceDelay: TimeSpan.FromSeconds(3));
        using var group = await ReplicaGroup.StartAsync(dll, broker, "scale-out", "range", replicas, pin: true).ConfigureAwait(false);
        await group.WaitOwnedAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);

        var produced = Task.Run(() => OrderStream.Burst(broker.Bootstrap, broker.Topic, orders));
        var start = Stopwatch.GetTimestamp();
        var replica = group.Replicas[0];
        long end;
        while (true)
        {
            await Task.Delay(100).ConfigureAwait(false);
            var stats = await replica.StatsAsync().ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            if (stats?.Processed >= orders) break;
            if (Stopwatch.GetElapsedTime(start) > DrainTimeout)
                throw new TimeoutException($"{replicas} replica(s) stored {stats?.Processed.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of {orders} orders in {DrainTimeout.TotalMinutes:0} min");
        }
        var burst = await produced.ConfigureAwait(false);
        // Timed from the first produce (the burst task may start a moment after the stopwatch above).
        var elapsed = Stopwatch.GetElapsedTime(burst.FirstAt, end);
        return (orders / elapsed.TotalSeconds, orders / Stopwatch.GetElapsedTime(burst.FirstAt, burst.AcknowledgedAt).TotalSeconds);
    }
}
