using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Redelivery;

/// <summary>Section 9: what a crash costs in redeliveries. Three order-processors replicas (processes) under 1,500
/// orders/s; halfway through the job one replica that owns partitions is killed (SIGKILL: no commit, no leave). After the
/// group recovers and the job ends, the store must hold every order exactly once; the duplicates it absorbed
/// (<c>/api/processed-orders/stats</c>) are the redeliveries.</summary>
public static class RedeliverySection
{
    private const int Rate = 1_500;
    private static readonly TimeSpan CompleteTimeout = TimeSpan.FromMinutes(2);

    private sealed record Result(long Produced, long Stored, long Duplicates, int Missing, int Unexpected, long DuplicateRows,
        double RecoveredSeconds, string Victim, IReadOnlyList<int> VictimPartitions, int ResumedAhead);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var dll = RepositoryPaths.ServiceDllIfBuilt("OrderProcessors");
        if (dll is null)
        {
            report.NotMeasured($"services/OrderProcessors is not built for {RepositoryPaths.Configuration} (build the bench project: it builds it).");
            return;
        }

        var results = new List<Result>();
        for (var round = 1; round <= options.RedeliveryRounds; round++)
        {
            var result = await RoundAsync(dll, options.RedeliveryDuration).ConfigureAwait(false);
            results.Add(result);
            Console.WriteLine($"  redelivery round {round}: killed {result.Victim} [{string.Join(",", result.VictimPartitions)}], recovered after " +
                              $"{result.RecoveredSeconds:0.0} s; stored {result.Stored} of {result.Produced}, {result.Duplicates} duplicates absorbed, " +
                              $"{result.ResumedAhead} partition(s) resumed ahead of their commit");
        }

        var commitInterval = new ConsumerGroupOptions().CommitIntervalMs;
        var per10K = results.Select(r => r.Duplicates * 10_000.0 / r.Produced).ToList();
        var exactlyOnce = results.All(r => r.Stored == r.Produced && r.Missing == 0 && r.Unexpected == 0 && r.DuplicateRows == 0);
        report.Line($"Three order-processors replicas (separate processes, Release build, range assignment, classic protocol, session " +
                    $"{ReplicaGroup.SessionTimeout.TotalSeconds:0} s / heartbeat {ReplicaGroup.HeartbeatInterval.TotalSeconds:0} s, per-partition SQLite " +
                    $"store) on a 6-partition topic; {N(Rate)} orders/s for {options.RedeliveryDuration.TotalSeconds:0} s; halfway through, kill -9 of " +
                    "a replica that owns partitions. Then, once the job has ended, wait until the store holds every order. " +
                    $"**Commit interval in use: `ConsumerGroup:CommitIntervalMs` = {commitInterval} ms** (the service default; not overridden).")
            .Line()
            .Line("**Redeliveries** = duplicates the store absorbed (`DuplicatesAbsorbed`, over all partitions). **Exactly once** = the store's " +
                  "order ids (read from every partition file) are exactly the produced ids, each stored once. **Resumed ahead** = partitions a " +
                  "survivor started at the effects' own position because the committed offset was behind it (the victim's last commit, or " +
                  "commits the coordinator refused while the group rebalanced): each batch's transaction records the partition's next offset.")
            .Line()
            .Table(["round", "produced", "stored", "missing", "unexpected", "duplicate rows", "duplicates absorbed", "per 10,000", "resumed ahead", "killed (partitions)", "reassigned after (s)"],
                results.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), N(r.Produced), N(r.Stored),
                    N(r.Missing), N(r.Unexpected), N(r.DuplicateRows), N(r.Duplicates), F(per10K[i], "0"), N(r.ResumedAhead), $"{r.Victim} [{string.Join(",", r.VictimPartitions)}]",
                    F(r.RecoveredSeconds, "0.0")]))
            .Line($"Redeliveries per 10,000 orders: {Rounds(per10K, v => F(v, "0"))}. Reassigned after = kill → the survivors own every partition.");
        var worst = per10K.Max();
        report.Goal("Redelivery after kill -9: duplicates absorbed per 10,000 orders ≤ 200 (max of rounds)", $"{F(worst, "0")} (rounds {Rounds(per10K, v => F(v, "0"))}; commit interval {commitInterval} ms)", worst <= 200);
        report.Goal("Redelivery after kill -9: every order applied exactly once", exactlyOnce
            ? $"yes: {string.Join(", ", results.Select(r => $"{N(r.Stored)} of {N(r.Produced)}"))}, 0 missing, 0 duplicate effects"
            : string.Join("; ", results.Select(r => $"{N(r.Stored)} of {N(r.Produced)} stored, {r.Missing} missing, {r.Unexpected} unexpected, {r.DuplicateRows} duplicate rows")), exactlyOnce);
    }

    private static async Task<Result> RoundAsync(string dll, TimeSpan duration)
    {
        using var broker = new BenchBroker("order-events", initialRebalanceDelay: TimeSpan.FromSeconds(3));
        using var group = await ReplicaGroup.StartAsync(dll, broker, "redelivery", "range", 3).ConfigureAwait(false);
        await group.WaitOwnedAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);

        var half = (long)(Rate * duration.TotalSeconds / 2);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producing = OrderStream.PacedAsync(broker.Bootstrap, broker.Topic, Rate, duration, keepIds: true,
            onProgress: produced => { if (produced >= half) { halfway.TrySetResult(); } });
        await halfway.Task.WaitAsync(duration + TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var views = await group.ViewsAsync().ConfigureAwait(false);
        var index = Enumerable.Range(0, views.Count).First(i => views[i] is { AssignedPartitions.Count: > 0 });
        var victim = group.Replicas[index];
        var victimName = victim.Name;
        var victimPartitions = views[index]!.AssignedPartitions;
        var killedAt = Stopwatch.GetTimestamp();
        group.Kill(victim);

        double recovered = double.NaN;
        while (Stopwatch.GetElapsedTime(killedAt) < CompleteTimeout)
        {
            if (ReplicaGroup.Owned(await group.ViewsAsync().ConfigureAwait(false), broker.Partitions))
            {
                recovered = Stopwatch.GetElapsedTime(killedAt).TotalSeconds;
                break;
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        var produced = await producing.ConfigureAwait(false);

        var survivor = group.Replicas[0];
        var watch = Stopwatch.StartNew();
        (long Processed, long DuplicatesAbsorbed)? stats = null;
        while (watch.Elapsed < CompleteTimeout)
        {
            stats = await survivor.StatsAsync().ConfigureAwait(false);
            if (stats?.Processed >= produced.Count)
            {
                break;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
        // Redeliveries of the last batches may still be on their way: let the group settle, then read the final figures.
        await Task.Delay(2000).ConfigureAwait(false);
        stats = await survivor.StatsAsync().ConfigureAwait(false) ?? stats;

        var (ids, rows) = StoredOrderIds(group.StoreDirectory);
        // The survivors' "partition N resumes at X, after its last durable batch" lines: commits that were lost, skipped.
        var resumedAhead = group.Replicas.Where(r => r != victim).Sum(r => r.Process.Output.Count(l => l.Contains(" resumes at ", StringComparison.Ordinal)));
        var expected = produced.OrderIds.ToHashSet(StringComparer.Ordinal);
        return new Result(produced.Count, stats?.Processed ?? ids.Count, stats?.DuplicatesAbsorbed ?? 0,
            expected.Count(id => !ids.Contains(id)), ids.Count(id => !expected.Contains(id)), rows - ids.Count,
            recovered, victimName, victimPartitions, resumedAhead);
    }

    /// <summary>Every order id in the store's partition files (<c>partition-N.db</c>), and how many rows hold them.</summary>
    private static (HashSet<string> Ids, long Rows) StoredOrderIds(string directory)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "partition-*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadWrite;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT order_id FROM processed_orders";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                rows++;
            }
        }
        return (ids, rows);
    }
}
