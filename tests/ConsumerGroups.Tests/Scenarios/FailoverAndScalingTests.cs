using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>The lesson's "failure triggers rebalancing", "rebalancing without message loss" and "scaling without
/// downtime", with replicas as real processes, for the classic protocol and KIP-848.</summary>
[Collection(ScenarioCollection.Name)]
[Slow]
public sealed partial class FailoverAndScalingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("range", "classic")]
    [InlineData("cooperative-sticky", "classic")]
    [InlineData("range", "consumer")]
    public async Task KillingAReplicaMidStreamMovesItsPartitionsAndLosesNothing(string strategy, string protocol)
    {
        await using var scenario = new GroupScenario(strategy, protocol);
        for (var i = 0; i < 3; i++)
        {
            await scenario.StartReplicaAsync();
        }
        // A settled group of three before any load: produced earlier, the first replica to join could take it all and
        // the victim would have nothing to hand over.
        await scenario.WaitForEveryReplicaAssignedAsync(SettleTimeout);
        var victim = scenario.Replicas[1];

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var production = scenario.ProduceOrdersAsync(6_000, ratePerSecond: 1_000, cts.Token);
        foreach (var replica in scenario.Replicas)
        {
            await WaitForProcessedByAsync(scenario, replica.Name);
        }

        var killedAt = DateTimeOffset.UtcNow;
        victim.KillHard();
        // On a loaded machine the group can settle so late that the victim had already drained its partitions;
        // orders produced after the kill make sure its partitions have work that someone else must pick up.
        var afterKill = await scenario.ProduceOrdersAsync(1_200, ratePerSecond: 1_000, cts.Token);
        var produced = (await production).Concat(afterKill).ToList();

        Assert.Equal(produced.Count, await scenario.WaitForStoreCountAsync(produced.Count, TimeSpan.FromSeconds(90)));
        var store = scenario.Store;
        Assert.Equal(produced.Order(StringComparer.Ordinal), await store.OrderIdsAsync(GroupScenario.EffectsTable));

        var victimPartitions = await PartitionsProcessedByAsync(scenario, victim.Name);
        var resumed = await FirstProcessedAfterAsync(scenario, victimPartitions, killedAt);
        Assert.NotNull(resumed);
        var reassignedAfter = resumed.Value - killedAt;
        output.WriteLine($"{strategy}/{protocol}: partitions [{string.Join(",", victimPartitions)}] processed again {reassignedAfter.TotalSeconds:0.0} s after kill -9; duplicates absorbed {await store.CountersAsync()}");
        Assert.True(reassignedAfter < GroupScenario.SessionTimeout + TimeSpan.FromSeconds(20),
            $"reassignment took {reassignedAfter}");
    }

    [Theory]
    [InlineData("range", "classic")]
    [InlineData("cooperative-sticky", "classic")]
    [InlineData("range", "consumer")]
    public async Task ScalingThreeToTwoToFourUnderLoadLosesNothingAndPausesOnlyForRebalances(string strategy, string protocol)
    {
        await using var scenario = new GroupScenario(strategy, protocol);
        for (var i = 0; i < 3; i++)
        {
            await scenario.StartReplicaAsync();
        }

        await scenario.WaitForEveryReplicaAssignedAsync(SettleTimeout); // scaling starts from a settled group of three

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var production = scenario.ProduceOrdersAsync(12_000, ratePerSecond: 800, cts.Token);

        foreach (var replica in scenario.Replicas)
        {
            await WaitForProcessedByAsync(scenario, replica.Name);
        }

        var leaving = scenario.Replicas[0];
        var scalingStarted = DateTimeOffset.UtcNow;
        leaving.Terminate();                                         // 3 → 2, graceful
        Assert.Equal(0, await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(leaving.Output, l => l.Contains("committed and left the group"));

        var joining = new[] { scenario.StartReplicaAsync(), scenario.StartReplicaAsync() };
        await Task.WhenAll(joining);                                 // 2 → 4
        var produced = await production;

        Assert.Equal(produced.Count, await scenario.WaitForStoreCountAsync(produced.Count, TimeSpan.FromSeconds(90)));
        var store = scenario.Store;
        Assert.Equal(produced.Order(StringComparer.Ordinal), await store.OrderIdsAsync(GroupScenario.EffectsTable));

        var assignments = scenario.Replicas.SelectMany(r => r.TimedOutput).Where(l => l.Text.Contains(" assigned [")).Select(l => l.At).Order().ToList();
        var stall = await scenario.LongestProcessingStallAsync();
        var pauses = scenario.Replicas.SelectMany(r => r.Output).Select(l => PauseLine().Match(l))
            .Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        output.WriteLine($"{strategy}/{protocol}: longest stall {stall.Length.TotalSeconds:0.00} s, {Seconds(stall.From - scalingStarted)}–{Seconds(stall.To - scalingStarted)} s after scaling began; " +
            $"assignments at [{string.Join(", ", assignments.Select(a => Seconds(a - scalingStarted)))}] s; per-replica rebalance pauses [{string.Join(", ", pauses.Select(p => p.ToString("0.00", CultureInfo.InvariantCulture)))}] s; " +
            $"duplicates absorbed {await store.CountersAsync()}");
        // Processing only ever stopped for a rebalance: a stall longer than the slack ends with an assignment (the
        // group forming, a leaver's partitions handed over — under cooperative-sticky they wait for a later round —
        // or joiners taking partitions), never with processing simply resuming by itself. Output lines are timed on
        // arrival, hence the tolerance after the stall's end.
        var slack = TimeSpan.FromSeconds(2);
        Assert.True(stall.Length <= slack || assignments.Any(a => a >= stall.From && a <= stall.To + TimeSpan.FromSeconds(1)),
            $"processing stalled {stall.Length.TotalSeconds:0.00} s ({Seconds(stall.From - scalingStarted)}–{Seconds(stall.To - scalingStarted)} s) and no rebalance ended it");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Classic joins on the embedded broker wait session − 1 s per round, and three replicas join one by one.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static Task WaitForProcessedByAsync(GroupScenario scenario, string replica) =>
        Eventually.ResultAsync(() => PartitionsProcessedByAsync(scenario, replica), partitions => partitions.Count > 0,
            TimeSpan.FromSeconds(60), $"{replica} to process an order");

    private static async Task<IReadOnlyList<int>> PartitionsProcessedByAsync(GroupScenario scenario, string replica) =>
        [.. (await scenario.Store.QueryAsync("SELECT DISTINCT kafka_partition FROM processed_orders WHERE replica_id = $replica",
            r => r.GetInt32(0), new Dictionary<string, object> { ["$replica"] = replica })).Distinct().Order()];

    private static async Task<DateTimeOffset?> FirstProcessedAfterAsync(GroupScenario scenario, IReadOnlyList<int> partitions, DateTimeOffset after)
    {
        var firsts = await scenario.Store.QueryAsync(
            $"SELECT MIN(processed_at_ms) FROM processed_orders WHERE processed_at_ms > $after AND kafka_partition IN ({string.Join(",", partitions)})",
            r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), new Dictionary<string, object> { ["$after"] = after.ToUnixTimeMilliseconds() });
        return firsts.Where(ms => ms is not null).Min() is long first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null;
    }

    [GeneratedRegex(@"after a ([0-9.]+) s pause")]
    private static partial Regex PauseLine();
}
