using System.Diagnostics;
using Confluent.Kafka;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.HotPartition;

/// <summary>Section 8: one hot partition under both groups. order-processors (3 replicas, range) and analytics
/// (2 replicas, cooperative-sticky) as processes; a job of 10,000 orders/s of which 60% go to partition 2. Every ~100 ms
/// each group's lag per partition is sampled: high watermark − the owning replica's position (next offset to process,
/// from its <c>/api/consumer</c>).</summary>
public static class HotPartitionSection
{
    private const int Rate = 10_000;
    private const int HotPartition = 2;
    private const double HotShare = 0.6;
    private const int HotRate = (int)(Rate * HotShare);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private sealed record GroupRound(double MaxHotLag, double DrainSeconds, bool Drained, double MaxOtherLag);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var processors = RepositoryPaths.ServiceDllIfBuilt("OrderProcessors");
        var analytics = RepositoryPaths.ServiceDllIfBuilt("Analytics");
        if (processors is null || analytics is null)
        {
            report.NotMeasured($"services/OrderProcessors and services/Analytics must be built for {RepositoryPaths.Configuration} (build the bench project: it builds them).");
            return;
        }

        using var broker = new BenchBroker("order-events", initialRebalanceDelay: TimeSpan.FromSeconds(3));
        var starting = new[]
        {
            ReplicaGroup.StartAsync(processors, broker, "order-processors", "range", 3),
            ReplicaGroup.StartAsync(analytics, broker, "analytics", "cooperative-sticky", 2),
        };
        try { await Task.WhenAll(starting).ConfigureAwait(false); }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                task.Result.Dispose();
            }

            throw;
        }
        using var orderProcessors = starting[0].Result;
        using var analyticsGroup = starting[1].Result;
        ReplicaGroup[] groups = [orderProcessors, analyticsGroup];
        string[] names = ["order-processors (3 replicas, range)", "analytics (2 replicas, cooperative-sticky)"];
        await Task.WhenAll(groups.Select(g => g.WaitOwnedAsync(TimeSpan.FromSeconds(90)))).ConfigureAwait(false);

        using var watermarks = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.Bootstrap, GroupId = "bench-lag" })
            .SetLogHandler((_, _) => { }).Build();
        var results = groups.Select(_ => new List<GroupRound>()).ToArray();
        var achieved = new List<double>();
        for (var round = 1; round <= options.HotPartitionRounds; round++)
        {
            var rounds = await RoundAsync(broker, watermarks, groups, options.HotPartitionDuration).ConfigureAwait(false);
            achieved.Add(rounds.Achieved);
            for (var g = 0; g < groups.Length; g++)
            {
                results[g].Add(rounds.Groups[g]);
                Console.WriteLine($"  hot-partition round {round}, {groups[g].GroupId}: max lag p{HotPartition} {rounds.Groups[g].MaxHotLag:0} " +
                                  $"({rounds.Groups[g].MaxHotLag / HotRate:0.00} s), drained {(rounds.Groups[g].Drained ? $"{rounds.Groups[g].DrainSeconds:0.00} s" : "no")} after the job");
            }
        }

        report.Line($"An embedded broker, `order-events` (6 partitions); order-processors (3 replicas, range) and analytics (2 replicas, " +
                    $"cooperative-sticky) as separate processes (Release build, per-partition SQLite stores, unpinned: they share the " +
                    $"{Environment.ProcessorCount} cores with each other and the bench). A job of {N(Rate)} orders/s for " +
                    $"{options.HotPartitionDuration.TotalSeconds:0} s (achieved {Rounds(achieved, N)}/s), {HotShare * 100:0}% of them produced to " +
                    $"partition {HotPartition} ({N(HotRate)}/s) and the rest spread evenly over the other five (800/s each). " +
                    $"{options.HotPartitionRounds} round(s) with the same replicas; each waits until both groups have drained.")
            .Line()
            .Line($"**Lag** = high watermark − the owning replica's position (next offset to process, from `/api/consumer`), sampled every " +
                  $"~{SampleEvery.TotalMilliseconds:0} ms per group and partition. Lag in seconds of input = lag ÷ {N(HotRate)}/s. " +
                  "**Drain** = time from the job's last order being acknowledged until the group's lag is 0 on every partition.")
            .Line()
            .Table(["group", $"max lag p{HotPartition} (orders)", "max lag (s of input)", "drain after job end (s)", "max lag, other partitions"],
                groups.Select((g, i) => (IReadOnlyList<string>)[names[i],
                    Rounds(results[i].Select(r => r.MaxHotLag).ToList(), N),
                    Rounds(results[i].Select(r => r.MaxHotLag / HotRate).ToList(), v => F(v, "0.00")),
                    Rounds(results[i].Select(r => r.Drained ? r.DrainSeconds : double.NaN).ToList(), v => F(v, "0.00")) +
                        (results[i].Any(r => !r.Drained) ? $" ({results[i].Count(r => !r.Drained)} not drained within {DrainTimeout.TotalSeconds:0} s)" : ""),
                    Rounds(results[i].Select(r => r.MaxOtherLag).ToList(), N)]));
        for (var g = 0; g < groups.Length; g++)
        {
            var name = g == 0 ? "order-processors" : "analytics";
            var lagSeconds = results[g].Max(r => r.MaxHotLag) / HotRate;
            var drain = results[g].Max(r => r.Drained ? r.DrainSeconds : double.PositiveInfinity);
            report.Goal($"Hot partition, {name}: max lag on partition {HotPartition} ≤ 1 s of input (max of rounds)", $"{F(lagSeconds, "0.00")} s ({N(results[g].Max(r => r.MaxHotLag))} orders)", lagSeconds <= 1);
            report.Goal($"Hot partition, {name}: lag 0 on every partition ≤ 3 s after the job ends (max of rounds)",
                double.IsPositiveInfinity(drain) ? $"not drained within {DrainTimeout.TotalSeconds:0} s" : $"{F(drain, "0.00")} s", drain <= 3);
        }
    }

    private sealed record Round(double Achieved, IReadOnlyList<GroupRound> Groups);

    private static async Task<Round> RoundAsync(BenchBroker broker, IConsumer<Ignore, Ignore> watermarks, IReadOnlyList<ReplicaGroup> groups, TimeSpan duration)
    {
        var maxHot = new double[groups.Count];
        var maxOther = new double[groups.Count];
        var drainedAt = new long?[groups.Count];
        var cold = Enumerable.Range(0, broker.Partitions).Where(p => p != HotPartition).ToArray();
        // 60% to the hot partition, the rest round-robin over the others: 3 of every 5 orders, then 2 cold ones.
        int? PartitionOf(long i) => i % 5 < 3 ? HotPartition : cold[(int)(i / 5 * 2 + i % 5 - 3) % cold.Length];
        var producing = OrderStream.PacedAsync(broker.Bootstrap, broker.Topic, Rate, duration, PartitionOf);
        long? endedAt = null;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var tick = Stopwatch.GetTimestamp();
            if (endedAt is null && producing.IsCompleted)
            {
                endedAt = (await producing.ConfigureAwait(false)).AcknowledgedAt;
            }

            var highs = Enumerable.Range(0, broker.Partitions)
                .Select(p => watermarks.QueryWatermarkOffsets(new TopicPartition(broker.Topic, p), TimeSpan.FromSeconds(5)).High.Value).ToArray();
            var views = await Task.WhenAll(groups.Select(g => g.ViewsAsync())).ConfigureAwait(false);
            var sampledAt = Stopwatch.GetTimestamp();
            for (var g = 0; g < groups.Count; g++)
            {
                var positions = ReplicaGroup.Positions(views[g]);
                var lags = Enumerable.Range(0, broker.Partitions).Select(p => Math.Max(0, highs[p] - positions.GetValueOrDefault(p, 0))).ToArray();
                maxHot[g] = Math.Max(maxHot[g], lags[HotPartition]);
                maxOther[g] = Math.Max(maxOther[g], cold.Max(p => lags[p]));
                if (endedAt is not null && drainedAt[g] is null && lags.All(l => l == 0))
                {
                    drainedAt[g] = sampledAt;
                }
            }
            if (endedAt is not null && drainedAt.All(d => d is not null))
            {
                break;
            }

            if (endedAt is not null && Stopwatch.GetElapsedTime(endedAt.Value) > DrainTimeout)
            {
                break;
            }

            if (watch.Elapsed > duration + DrainTimeout + TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the hot-partition job did not finish");
            }

            var wait = SampleEvery - Stopwatch.GetElapsedTime(tick);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }
        }
        var produced = await producing.ConfigureAwait(false);
        return new Round(produced.Count / Stopwatch.GetElapsedTime(produced.FirstAt, produced.AcknowledgedAt).TotalSeconds,
            [.. Enumerable.Range(0, groups.Count).Select(g => new GroupRound(maxHot[g],
                drainedAt[g] is { } at ? Math.Max(0, Stopwatch.GetElapsedTime(endedAt!.Value, at).TotalSeconds) : double.NaN,
                drainedAt[g] is not null, maxOther[g]))]);
    }
}
