using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using OrdersAspire.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.Reliability.Tests.Faults;

/// <summary>Broker faults injected through the embedded broker's fault API (the <see cref="OrdersAspire.EmbeddedKafka.MockKafkaCluster"/>
/// methods behind <c>/faults</c>) while orders are produced and two order-processors replicas (real processes)
/// consume them. After recovery: every produced order is in the store exactly once (0 lost, 0 duplicate effects),
/// the group's committed offsets reach the log end (lag 0, also as the analyzer watching the group sees it), commit
/// failures were counted where commits failed, and under OffsetCommit errors the analyzer's commit-success alert fired.</summary>
[Collection(ReliabilityCollection.Name)]
[Slow]
public sealed class BrokerFaultTests(ITestOutputHelper output)
{
    private const int Orders = 1_500;
    private const int Rate = 250;
    private const short FetchApiKey = 1;
    private const short OffsetCommitApiKey = 8;

    [Fact]
    public Task BrokerDownForTenSecondsLosesNothing() => RunAsync("broker 2 (leader of 2 partitions and the group coordinator) down 10 s",
        before: world => world.Broker.SetCoordinator("group", world.OrderProcessors.GroupId, 2),
        inject: async (world, _) =>
        {
            world.Broker.SetBrokerDown(2);
            await Task.Delay(TimeSpan.FromSeconds(10)); // the fault's duration, not a wait for a condition
            world.Broker.SetBrokerUp(2);
        },
        expectCommitFailures: true);

    [Fact]
    public Task FiveHundredMillisecondRoundTripLosesNothing() => RunAsync("500 ms round-trip delay on every broker for 5 s",
        before: _ => { },
        inject: async (world, _) =>
        {
            for (var b = 1; b <= 3; b++)
            {
                world.Broker.SetBrokerRtt(b, TimeSpan.FromMilliseconds(500));
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            for (var b = 1; b <= 3; b++)
            {
                world.Broker.SetBrokerRtt(b, TimeSpan.Zero);
            }
        },
        expectCommitFailures: false);

    [Fact]
    public Task OffsetCommitErrorsAreCountedAndLoseNothing() => RunAsync("OffsetCommit (api key 8) request errors",
        before: _ => { },
        inject: async (world, group) =>
        {
            var errors = Enumerable.Range(0, 40)
                .Select(i => (i % 4) switch
                {
                    0 => ErrorCode.RequestTimedOut,
                    1 => ErrorCode.InvalidCommitOffsetSize,
                    2 => ErrorCode.GroupCoordinatorNotAvailable,
                    _ => ErrorCode.OffsetMetadataTooLarge,
                }).ToList();
            world.Broker.PushRequestErrors(OffsetCommitApiKey, errors);
            // The errors are used up by the replicas' commits: wait (bounded) until a failure was counted.
            await Eventually.ResultAsync(() => group.SumOverLiveAsync(world.Http, "commitsFailed"), n => n > 0,
                TimeSpan.FromSeconds(30), "a counted commit failure");
        },
        expectCommitFailures: true,
        expectedAlert: "commit-success-low");

    [Fact]
    public Task FetchErrorsLoseNothing() => RunAsync("Fetch (api key 1) request errors",
        before: _ => { },
        inject: (world, _) =>
        {
            var errors = Enumerable.Range(0, 30)
                .Select(i => (i % 3) switch
                {
                    0 => ErrorCode.NotLeaderForPartition,
                    1 => ErrorCode.RequestTimedOut,
                    _ => ErrorCode.UnknownTopicOrPart,
                }).ToList();
            world.Broker.PushRequestErrors(FetchApiKey, errors);
            return Task.CompletedTask;
        },
        expectCommitFailures: false);

    [Fact]
    public Task CoordinatorMovesLoseNothing() => RunAsync("group coordinator moved 1 → 2 → 3",
        before: _ => { },
        inject: async (world, group) =>
        {
            for (var broker = 1; broker <= 3; broker++)
            {
                world.Broker.SetCoordinator("group", group.GroupId, broker);
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // the schedule of the moves
            }
        },
        expectCommitFailures: false);

    private async Task RunAsync(string fault, Action<ReliabilityWorld> before,
        Func<ReliabilityWorld, ConsumerGroupUnderTest, Task> inject, bool expectCommitFailures, string? expectedAlert = null)
    {
        await using var world = new ReliabilityWorld();
        var group = world.OrderProcessors;
        before(world);
        // The analyzer watches the group throughout, as it does in the running system.
        await using var analyzer = new AnalyzerApp(world.Broker.BootstrapServers, [group.GroupId]);
        using var analyzerClient = analyzer.CreateClient();
        await Task.WhenAll(world.StartReplicaAsync(group), world.StartReplicaAsync(group));
        // Both replicas own partitions before any load, so the fault hits a group of two, as the table reports it.
        await world.WaitForSettledAsync(group, ReliabilityWorld.SettleTimeout);

        try
        {
            await RunUnderFaultAsync(world, group, analyzerClient, fault, inject, expectCommitFailures, expectedAlert);
        }
        catch
        {
            foreach (var replica in group.Replicas)
            {
                output.WriteLine($"--- {replica.Name}:\n{replica.Tail(25)}");
            }

            throw;
        }
    }

    private async Task RunUnderFaultAsync(ReliabilityWorld world, ConsumerGroupUnderTest group, HttpClient analyzer, string fault,
        Func<ReliabilityWorld, ConsumerGroupUnderTest, Task> inject, bool expectCommitFailures, string? expectedAlert)
    {
        var groupPath = $"/api/groups/{group.GroupId}";
        await AnalyzerApp.WaitForJsonAsync(analyzer, groupPath + "/state", s => s.GetProperty("members").GetInt32() == 2,
            TimeSpan.FromSeconds(30), "the analyzer to see both replicas"); // each member's counters have a baseline
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();
        var production = world.ProduceOrdersAsync(Orders, Rate, cts.Token);
        var before = await group.WaitForAppliedAsync(Orders / 10, TimeSpan.FromSeconds(30)); // consuming is under way
        Assert.True(before >= Orders / 10, $"only {before} orders applied before the fault");
        var faultAt = clock.Elapsed;
        await inject(world, group);
        var recoveredAt = clock.Elapsed;
        var alert = expectedAlert is null ? default : await AnalyzerApp.WaitForJsonAsync(analyzer, groupPath + "/alerts",
            alerts => alerts.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("name").GetString() == expectedAlert),
            TimeSpan.FromSeconds(30), $"the analyzer's {expectedAlert} alert");
        var produced = await production;

        var applied = await group.WaitForAppliedAsync(produced.Count, TimeSpan.FromSeconds(90));
        var ids = await group.AppliedOrderIdsAsync();
        var expected = produced.Select(o => o.OrderId).Order(StringComparer.Ordinal).ToList();
        var lost = expected.Except(ids).Count();
        var unexpected = ids.Except(expected).Count();
        var lag = await world.WaitForZeroLagAsync(group, TimeSpan.FromSeconds(60));
        var allDone = clock.Elapsed;
        var analyzed = await AnalyzerApp.WaitForJsonAsync(analyzer, groupPath + "/state", s => s.GetProperty("totalLag").GetInt64() == 0,
            TimeSpan.FromSeconds(30), "the analyzer to see lag 0");

        Assert.All(group.Replicas, r => Assert.False(r.HasExited, $"{r.Name} exited:\n{r.Tail()}"));
        long commitsFailed = 0, commitsAttempted = 0;
        double failureMetric = 0;
        foreach (var replica in group.Live)
        {
            var view = await group.ConsumerViewAsync(world.Http, replica);
            commitsFailed += view.GetProperty("commitsFailed").GetInt64();
            commitsAttempted += view.GetProperty("commitsAttempted").GetInt64();
            failureMetric += await group.MetricAsync(world.Http, replica, "ordersaspire_consumer_commits_total", "result=\"failure\"");
        }
        var duplicates = await group.DuplicatesAbsorbedAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fault}: produced {produced.Count}, applied {applied} (lost {lost}, unexpected {unexpected}, duplicates absorbed {duplicates}); " +
            $"fault {faultAt.TotalSeconds:0.0}–{recoveredAt.TotalSeconds:0.0} s, all applied and lag {lag} at {allDone.TotalSeconds:0.0} s; " +
            $"commits {commitsAttempted}, failed {commitsFailed} (metric failure total {failureMetric}); " +
            $"analyzer: lag {analyzed.GetProperty("totalLag")}, commit success {analyzed.GetProperty("commitSuccessRatio")}{AlertText(alert, expectedAlert)}"));

        Assert.Equal(0, lost);
        Assert.Equal(expected, ids);      // each produced order exactly once, nothing else
        Assert.Equal(0, lag);
        if (expectCommitFailures)
        {
            Assert.True(commitsFailed > 0, "no commit failure was counted in /api/consumer");
            Assert.True(failureMetric > 0, "no commit failure was counted in /metrics");
        }
    }

    private static string AlertText(System.Text.Json.JsonElement alerts, string? name) => name is null ? "" :
        ", alert " + alerts.GetProperty("alerts").EnumerateArray().First(a => a.GetProperty("name").GetString() == name).GetProperty("message").GetString();
}
