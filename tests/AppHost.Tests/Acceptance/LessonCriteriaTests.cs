using Aspire.Hosting.ApplicationModel;
using OrdersAspire.GroupContracts.Groups;
using Xunit.Abstractions;

namespace OrdersAspire.AppHost.Tests.Acceptance;

/// <summary>The lesson's success criteria on the default system (order-processors: 3 replicas, range;
/// analytics: 2 replicas, cooperative-sticky), driven only through public surfaces: the load generator's and
/// the analyzer's APIs, resource commands, and the groups' stores.</summary>
[Collection(AppHostCollection.Name)]
[Slow]
public sealed class LessonCriteriaTests(DefaultSystemFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 6;

    [Fact]
    public async Task ConsumersInTheSameGroupProcessDifferentPartitions()
    {
        var system = await fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));

        var processors = await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 3, Partitions, cts.Token);
        var analytics = await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 2, Partitions, cts.Token);

        // range over 3 members: two consecutive partitions each, whatever the join order.
        Assert.Equal(["0,1", "2,3", "4,5"], Layout(processors));
        // cooperative-sticky: which three depends on who joined first (a late joiner takes over half of the
        // first member's partitions), but the split is always even and never shared.
        Assert.All(analytics, m => Assert.Equal(3, m.Partitions.Count));
        foreach (var group in new[] { GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId })
        {
            var rows = await analyzer.DescribeAsync(group, cts.Token);
            Assert.Equal(Enumerable.Range(0, Partitions), rows.Select(r => r.Partition).Order());
            Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.ConsumerId), $"{group} partition {r.Partition} has no owner"));
        }
    }

    [Fact]
    public async Task LoadIsEvenWithUniformKeysAndAHotPartitionIsFlagged()
    {
        var system = await fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));
        var load = new LoadGeneratorClient(system.Http(ResourceNames.LoadGenerator));
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 3, Partitions, cts.Token);
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 2, Partitions, cts.Token);

        var uniform = await load.StartAsync(new { count = 6000, ratePerSecond = 600, customers = 5000 }, cts.Token);
        foreach (var group in new[] { GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId })
        {
            await Eventually.PassesAsync(async () =>
            {
                var balance = await analyzer.BalanceAsync(group, cts.Token);
                output.WriteLine($"{group}: imbalance {balance.ImbalancePercent:0.0}%");
                Assert.InRange(balance.ImbalancePercent, 0, 20);
            }, TimeSpan.FromSeconds(60), $"{group} balanced within 20 %", TimeSpan.FromSeconds(1), cts.Token);
        }
        await load.WaitForCompletionAsync(uniform, cts.Token);

        await load.StartAsync(new { count = 8000, ratePerSecond = 800, keyDistribution = new { type = "hot", partition = 2, share = 0.6 } }, cts.Token);
        await Eventually.PassesAsync(async () =>
            Assert.Contains(2, await analyzer.HotPartitionsAsync(GroupDefaults.OrderProcessors.GroupId, cts.Token)),
            TimeSpan.FromSeconds(60), "partition 2 flagged hot", TimeSpan.FromSeconds(1), cts.Token);
    }

    [Fact]
    public async Task LagMonitoringShowsBalancedProcessingAndDrainsToZero()
    {
        var system = await fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));
        var load = new LoadGeneratorClient(system.Http(ResourceNames.LoadGenerator));
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 3, Partitions, cts.Token);

        var job = await load.StartAsync(new { count = 5000, ratePerSecond = 500 }, cts.Token);
        var samples = 0;
        while (!cts.IsCancellationRequested)
        {
            var rows = await analyzer.DescribeAsync(GroupDefaults.OrderProcessors.GroupId, cts.Token);
            // The lesson's balance bound: no member carries more than 1000 messages of lag per partition it owns.
            foreach (var member in rows.GroupBy(r => r.ConsumerId))
            {
                Assert.True(member.Sum(r => r.Lag) <= 1000L * member.Count(), $"member {member.Key} lags {member.Sum(r => r.Lag)}");
            }

            samples++;
            var state = await system.Http(ResourceNames.LoadGenerator).GetAsync($"/api/orders/generate/{job}", cts.Token);
            if ((await state.Content.ReadAsStringAsync(cts.Token)).Contains("\"Completed\""))
            {
                break;
            }

            await Task.Delay(500, cts.Token);
        }
        Assert.True(samples > 3, "the lag was sampled while the load ran");

        foreach (var group in new[] { GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId })
        {
            await Eventually.PassesAsync(async () => Assert.Equal(0, await analyzer.TotalLagAsync(group, cts.Token)),
                TimeSpan.FromSeconds(90), $"{group} lag 0", TimeSpan.FromSeconds(1), cts.Token);
        }
    }

    [Fact]
    public async Task StoppingAndKillingReplicasUnderLoadRebalancesAndLosesNothing()
    {
        var system = await fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));
        var load = new LoadGeneratorClient(system.Http(ResourceNames.LoadGenerator));
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 3, Partitions, cts.Token);
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 2, Partitions, cts.Token);
        // Start from a quiet system: earlier tests' jobs finished and fully applied, so the counts below are exact.
        await load.WaitForIdleAsync(cts.Token);
        foreach (var group in new[] { GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId })
        {
            await Eventually.PassesAsync(async () => Assert.Equal(0, await analyzer.TotalLagAsync(group, cts.Token)),
                TimeSpan.FromSeconds(90), $"{group} lag 0", TimeSpan.FromSeconds(1), cts.Token);
        }

        var processedBefore = await system.StoreCountAsync(ResourceNames.OrderProcessors, cts.Token);
        var countedBefore = await system.StoreCountAsync(ResourceNames.Analytics, cts.Token);

        var jobStarted = DateTimeOffset.UtcNow;
        var job = await load.StartAsync(new { count = 9000, ratePerSecond = 300 }, cts.Token);

        // A graceful stop through the resource's stop command: its partitions move to the two survivors.
        // (The group also declares spare replicas, NotStarted until scaled up: pick a running one.)
        var stopped = system.Replicas(ResourceNames.OrderProcessors).First(r => r.State == KnownResourceStates.Running).ResourceId;
        await system.ExecuteAsync(stopped, KnownResourceCommands.StopCommand, cts.Token);
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 2, Partitions, cts.Token);
        await system.ExecuteAsync(stopped, KnownResourceCommands.StartCommand, cts.Token);
        await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 3, Partitions, cts.Token);

        // A crash: kill -9 of an analytics replica's service process (not of the dotnet run that launched it, which
        // would leave the service running); the survivor takes all partitions after the session timeout.
        var victim = system.Replicas(ResourceNames.Analytics).First(r => r.State == KnownResourceStates.Running && r.Pid is not null);
        var crashed = system.Crash(victim);
        // A replica names itself {machine}-{pid}: wait until that member is gone and the survivors own everything.
        await Eventually.PassesAsync(async () =>
        {
            var members = await analyzer.MembersAsync(GroupDefaults.Analytics.GroupId, cts.Token);
            Assert.DoesNotContain(members, m => m.Replica.EndsWith($"-{crashed.Pid}", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, Partitions), members.SelectMany(m => m.Partitions).Order());
        }, TimeSpan.FromSeconds(90), $"analytics without the crashed member (pid {crashed.Pid})", TimeSpan.FromSeconds(1), cts.Token);
        Assert.False(crashed.IsAlive, $"the crashed analytics service (pid {crashed.Pid}) is still running");

        var done = await load.WaitForCompletionAsync(job, cts.Token);
        Assert.Equal(9000, done.Acknowledged);
        foreach (var (group, before) in new[] { (ResourceNames.OrderProcessors, processedBefore), (ResourceNames.Analytics, countedBefore) })
        {
            await Eventually.PassesAsync(async () => Assert.Equal(before + 9000, await system.StoreCountAsync(group, cts.Token)),
                TimeSpan.FromSeconds(120), $"{group}'s store to hold the job's 9000 orders", TimeSpan.FromSeconds(1), cts.Token);
            output.WriteLine($"{group}: longest processing gap {(await system.LongestProcessingGapAsync(group, jobStarted, cts.Token)).TotalSeconds:0.0} s");
        }
        // Scaling without downtime: a graceful stop/start pauses order-processors only for a rebalance.
        Assert.True(await system.LongestProcessingGapAsync(ResourceNames.OrderProcessors, jobStarted, cts.Token) < TimeSpan.FromSeconds(15));

        // Leave the shared system as it was: two analytics replicas.
        if (system.Replicas(ResourceNames.Analytics).Count(r => r.State == KnownResourceStates.Running) < 2)
        {
            await system.ExecuteAsync(victim.ResourceId, KnownResourceCommands.StartCommand, cts.Token);
        }

        await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 2, Partitions, cts.Token);
    }

    private static IReadOnlyList<string> Layout(IReadOnlyList<AnalyzerView.Member> members) =>
        [.. members.Select(m => string.Join(",", m.Partitions.Order())).Order(StringComparer.Ordinal)];
}
