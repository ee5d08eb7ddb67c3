using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OrdersAspire.Orders;
using OrdersAspire.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.Reliability.Tests.Chaos;

/// <summary>Steady load while replicas of both groups (order-processors and analytics, real processes) are killed
/// with SIGKILL and started at random, from a fixed seed. Afterwards each group's store holds every order exactly
/// once, analytics' aggregates count each order once, and both groups' committed lag is 0.
/// <c>RELIABILITY_CHAOS_SECONDS</c> lengthens the run (default 30 s of load in the suite);
/// <c>RELIABILITY_CHAOS_SEED</c> replays another schedule.</summary>
[Collection(ReliabilityCollection.Name)]
[Slow]
public sealed partial class ChaosRunTests(ITestOutputHelper output)
{
    private const int Rate = 150;

    [Fact]
    public async Task KillingAndStartingReplicasOfBothGroupsAtRandomLosesNothingAndAppliesEachOrderOnce()
    {
        var seconds = EnvironmentInt("RELIABILITY_CHAOS_SECONDS", 30);
        var seed = EnvironmentInt("RELIABILITY_CHAOS_SEED", 20261125);
        var random = new Random(seed);
        await using var world = new ReliabilityWorld();
        ConsumerGroupUnderTest[] groups = [world.OrderProcessors, world.Analytics];
        await Task.WhenAll(groups.SelectMany(g => new[] { world.StartReplicaAsync(g), world.StartReplicaAsync(g) }));
        // The run starts from two settled groups of two, so the first kills hit replicas that own work.
        await Task.WhenAll(groups.Select(g => world.WaitForSettledAsync(g, ReliabilityWorld.SettleTimeout)));

        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 120));
        var production = world.ProduceOrdersAsync(seconds * Rate, Rate, cts.Token);
        var schedule = new List<string>();
        var kills = 0;
        var starts = 0;
        while (!production.IsCompleted)
        {
            // Wait 1.5–4 s (seeded) or until production ends, whichever is first.
            await Task.WhenAny(production, Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 4_000)), cts.Token));
            if (production.IsCompleted)
            {
                break;
            }

            var group = groups[random.Next(groups.Length)];
            var live = group.Live;
            var kill = live.Count >= 3 || (live.Count >= 1 && random.Next(2) == 0);
            if (kill)
            {
                var victim = live[random.Next(live.Count)];
                victim.KillHard();
                kills++;
                schedule.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0}s kill -9 {victim.Name}"));
            }
            else
            {
                var started = await world.StartReplicaAsync(group);
                starts++;
                schedule.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0}s start {started.Name}"));
            }
        }
        var produced = await production;
        var loadEnded = clock.Elapsed;
        foreach (var group in groups.Where(g => g.Live.Count == 0))
        {
            var started = await world.StartReplicaAsync(group);
            schedule.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0}s start {started.Name} (group had none)"));
        }

        var expected = produced.Select(o => o.OrderId).Order(StringComparer.Ordinal).ToList();
        var expectedRevenue = produced.Sum(o => o.Total);
        var report = new List<string> { $"seed {seed}, {seconds} s of load at {Rate}/s: {produced.Count} orders; {kills} kill -9, {starts} starts" };
        report.Add("schedule: " + string.Join("; ", schedule));
        foreach (var group in groups)
        {
            await group.WaitForAppliedAsync(produced.Count, TimeSpan.FromSeconds(90));
            var lag = await world.WaitForZeroLagAsync(group, TimeSpan.FromSeconds(60));
            var ids = await group.AppliedOrderIdsAsync();
            var lines = group.Replicas.SelectMany(r => r.Output).ToList();
            var rebalances = lines.Count(l => l.Contains(": assigned [", StringComparison.Ordinal));
            var pauses = lines.Select(l => PauseLine().Match(l)).Where(m => m.Success)
                .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            var duplicates = await group.DuplicatesAbsorbedAsync();
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"{group.Service}: {group.Replicas.Count} replicas over the run, applied {ids.Count} of {produced.Count} " +
                $"(lost {expected.Except(ids).Count()}), duplicates absorbed {duplicates}, assignments {rebalances}, " +
                $"rebalance pauses {pauses.Count} (longest {(pauses.Count == 0 ? 0 : pauses.Max()):0.00} s), final lag {lag}"));

            Assert.Equal(expected, ids);
            Assert.Equal(0, lag);
            if (group == world.Analytics)
            {
                var (orders, revenue) = await group.AggregatedAsync();
                Assert.Equal(produced.Count, orders);         // each order counted once in the aggregates
                Assert.Equal(expectedRevenue, revenue);
            }
        }
        report.Add(string.Create(CultureInfo.InvariantCulture, $"load ended {loadEnded.TotalSeconds:0.0} s, all checks done {clock.Elapsed.TotalSeconds:0.0} s"));
        foreach (var line in report)
        {
            output.WriteLine(line);
        }

        Assert.True(kills > 0, "the schedule killed nobody");
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [GeneratedRegex(@"after a ([0-9.]+) s pause")]
    private static partial Regex PauseLine();
}
