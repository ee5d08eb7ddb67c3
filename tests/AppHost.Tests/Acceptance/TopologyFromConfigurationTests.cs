using OrdersAspire.GroupContracts.Groups;
using Xunit.Abstractions;

namespace OrdersAspire.AppHost.Tests.Acceptance;

/// <summary>Assignment strategy, protocol and replica counts come from the AppHost's configuration: each run
/// starts the AppHost with overrides (as `dotnet run --project AppHost -- --Topology:...` would) and checks what
/// the analyzer sees and that orders are still processed by both groups.</summary>
[Collection(AppHostCollection.Name)]
[Slow]
public sealed class TopologyFromConfigurationTests(ITestOutputHelper output)
{
    private const int Partitions = 6;

    [Fact]
    public async Task SixRoundRobinOrderProcessorsAndOneAnalyticsReplica()
    {
        await using var system = await RunningSystem.StartAsync(
            "--Topology:OrderProcessors:Replicas=6", "--Topology:OrderProcessors:AssignmentStrategy=roundrobin",
            "--Topology:Analytics:Replicas=1", "--Topology:Analytics:AssignmentStrategy=range");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));

        var processors = await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 6, Partitions, cts.Token);
        var analytics = await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 1, Partitions, cts.Token);
        Assert.All(processors, m => Assert.Single(m.Partitions));          // round robin over 6: one each
        Assert.Equal([0, 1, 2, 3, 4, 5], analytics.Single().Partitions.Order());

        await ProcessesAJobAsync(system, cts.Token);
    }

    [Fact]
    public async Task OneOrderProcessorOnTheConsumerProtocolAndThreeRoundRobinAnalytics()
    {
        await using var system = await RunningSystem.StartAsync(
            "--Topology:OrderProcessors:Replicas=1", "--Topology:OrderProcessors:GroupProtocol=consumer",
            "--Topology:Analytics:Replicas=3", "--Topology:Analytics:AssignmentStrategy=roundrobin");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));

        var processors = await analyzer.WaitForSettledGroupAsync(GroupDefaults.OrderProcessors.GroupId, 1, Partitions, cts.Token);
        var analytics = await analyzer.WaitForSettledGroupAsync(GroupDefaults.Analytics.GroupId, 3, Partitions, cts.Token);
        Assert.Equal([0, 1, 2, 3, 4, 5], processors.Single().Partitions.Order());
        // round robin over 3 members, in member-id order: {0,3} {1,4} {2,5}
        Assert.Equal(["0,3", "1,4", "2,5"], analytics.OrderBy(m => m.ConsumerId, StringComparer.Ordinal).Select(m => string.Join(",", m.Partitions.Order())));

        await ProcessesAJobAsync(system, cts.Token);
    }

    private async Task ProcessesAJobAsync(RunningSystem system, CancellationToken cancellationToken)
    {
        var load = new LoadGeneratorClient(system.Http(ResourceNames.LoadGenerator));
        var job = await load.WaitForCompletionAsync(await load.StartAsync(new { count = 600, ratePerSecond = 300 }, cancellationToken), cancellationToken);
        foreach (var group in new[] { GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId })
        {
            await Eventually.ResultAsync(() => system.StoreCountAsync(group, cancellationToken), count => count == job.Acknowledged,
                TimeSpan.FromSeconds(90), $"{group}'s store to hold the job's {job.Acknowledged} orders", cancellationToken: cancellationToken);
        }

        output.WriteLine($"{job.Acknowledged} orders applied once by each group");
    }
}
