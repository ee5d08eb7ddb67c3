using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using OrdersAspire.AppHost.Scaling;
using OrdersAspire.AppHost.Tests.Acceptance;
using OrdersAspire.GroupContracts.Groups;
using OrdersAspire.Testing;
using Xunit.Abstractions;

namespace OrdersAspire.AppHost.Tests.Scaling;

/// <summary>Scaling order-processors live with the dashboard's commands, 3 → 4 → 6 → 2, while the load generator
/// produces: both groups apply every order once, the analyzer sees each member count, and nothing else restarts.</summary>
[Collection(AppHostCollection.Name)]
[Slow]
public sealed class LiveScalingTests(ITestOutputHelper output)
{
    private const string Group = ResourceNames.OrderProcessors;
    private const int Partitions = 6;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Others = [ResourceNames.KafkaBroker, ResourceNames.LoadGenerator, ResourceNames.Analytics, ResourceNames.Analyzer];

    [Fact]
    public async Task Adding_and_removing_replicas_under_load_applies_every_order_once_and_restarts_nothing_else()
    {
        await using var system = await RunningSystem.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var analyzer = new AnalyzerView(system.Http(ResourceNames.Analyzer));
        var loadGenerator = system.Http(ResourceNames.LoadGenerator);
        var scaler = system.App.Services.GetRequiredService<ConsumerGroupScaler>();

        Assert.Equal(3, scaler.RunningReplicas(Group));
        Assert.Equal(Partitions, scaler.MaxReplicas(Group));
        // The spare replicas are declared but not started: NotStarted, not a failure.
        Assert.Equal(Partitions - 3, system.Replicas(Group).Count(r => r.State == KnownResourceStates.NotStarted));
        await WaitForMembersAsync(analyzer, Group, 3, cts.Token);
        await WaitForMembersAsync(analyzer, ResourceNames.Analytics, 2, cts.Token);
        var othersBefore = Processes(system, Others);
        var original = Running(system, Group);

        using var started = await loadGenerator.PostAsJsonAsync("/api/orders/generate", new { count = 200_000, ratePerSecond = 150 }, Json, cts.Token);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var job = (await started.Content.ReadFromJsonAsync<Job>(Json, cts.Token))!.Id;

        var stopped = new List<string>();
        foreach (var (command, expected) in new[]
        {
            (LiveScalingExtensions.AddReplicaCommand, 4),
            (LiveScalingExtensions.AddReplicaCommand, 5), (LiveScalingExtensions.AddReplicaCommand, 6),
            (LiveScalingExtensions.RemoveReplicaCommand, 5), (LiveScalingExtensions.RemoveReplicaCommand, 4),
            (LiveScalingExtensions.RemoveReplicaCommand, 3), (LiveScalingExtensions.RemoveReplicaCommand, 2),
        })
        {
            var runningBefore = Running(system, Group);
            var result = await system.App.ResourceCommands.ExecuteCommandAsync(runningBefore[0].Id, command, cts.Token);
            output.WriteLine($"{command}: {result.Message}");
            Assert.True(result.Success, result.Message);
            Assert.Equal(expected, scaler.RunningReplicas(Group));
            if (command == LiveScalingExtensions.RemoveReplicaCommand)
            {
                var gone = Assert.Single(runningBefore.Select(r => r.Id).Except(Running(system, Group).Select(r => r.Id)));
                stopped.Add(gone);
                Assert.Contains($"stopped {gone}, which committed and left the group", result.Message);
            }
            // Every member owns partitions before the next step.
            await WaitForMembersAsync(analyzer, Group, expected, cts.Token);

            if (expected == Partitions)
            {
                var refused = await system.App.ResourceCommands.ExecuteCommandAsync(runningBefore[0].Id, LiveScalingExtensions.AddReplicaCommand, cts.Token);
                output.WriteLine($"at {Partitions}: {refused.Message}");
                Assert.False(refused.Success);
                Assert.Contains("would own no partition and sit idle", refused.Message);
                Assert.Equal(Partitions, scaler.RunningReplicas(Group));
            }
        }
        var belowOne = await scaler.ScaleToAsync(Group, 0, "test: below one", cts.Token);
        Assert.False(belowOne.Changed);
        Assert.Equal(2, belowOne.Replicas);
        Assert.Contains("1 is the minimum", belowOne.Message);

        // The replicas removed were the most recently added: the two survivors ran from the start.
        Assert.Subset(original.Select(r => r.Id).ToHashSet(), Running(system, Group).Select(r => r.Id).ToHashSet());
        // Each removal was a graceful leave: the host handled SIGTERM and exited 0 (DCP's kill would not).
        foreach (var id in stopped)
        {
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(id, out var last));
            Assert.Equal(0, last.Snapshot.ExitCode);
        }

        using (var cancelled = await loadGenerator.DeleteAsync($"/api/orders/generate/{job}", cts.Token))
        {
            cancelled.EnsureSuccessStatusCode();
        }

        Job done = null!;
        await Eventually.PassesAsync(async () =>
        {
            done = (await loadGenerator.GetFromJsonAsync<Job>($"/api/orders/generate/{job}", Json, cts.Token))!;
            Assert.Equal("Cancelled", done.State);
        }, TimeSpan.FromSeconds(30), "the cancelled job's deliveries all reported", cancellationToken: cts.Token);
        Assert.Equal(0, done.Failed);
        Assert.Equal(done.Produced, done.Acknowledged);
        output.WriteLine($"{done.Acknowledged} orders produced while scaling");
        Assert.True(done.Acknowledged > 1000, $"only {done.Acknowledged} orders were produced while scaling");

        // Every order applied once per group: the stores hold one row per order id, and the counts match exactly.
        await Eventually.PassesAsync(async () =>
        {
            var processed = await system.Http(Group).GetFromJsonAsync<ProcessedStats>("/api/processed-orders/stats", Json, cts.Token);
            var counted = await system.Http(ResourceNames.Analytics).GetFromJsonAsync<AnalyticsSummary>("/api/analytics/summary", Json, cts.Token);
            Assert.Equal(done.Acknowledged, processed!.Processed);
            Assert.Equal(done.Acknowledged, counted!.Orders);
            output.WriteLine($"order-processors: {processed.Processed} applied, {processed.DuplicatesAbsorbed} redeliveries absorbed; " +
                $"analytics: {counted.Orders} counted, {counted.DuplicatesAbsorbed} absorbed");
        }, TimeSpan.FromSeconds(60), "every produced order applied by both groups", TimeSpan.FromSeconds(1), cts.Token);

        // Nothing else restarted: the same processes, started at the same moments.
        Assert.Equal(othersBefore, Processes(system, Others));
    }

    private static async Task WaitForMembersAsync(AnalyzerView analyzer, string group, int members, CancellationToken cancellationToken)
    {
        var settled = await analyzer.WaitForSettledGroupAsync(group, members, Partitions, cancellationToken);
        Assert.All(settled, m => Assert.NotEmpty(m.Partitions)); // every member assigned, not only every partition owned
    }

    private static IReadOnlyList<ReplicaProcess> Running(RunningSystem system, string resource) =>
        [.. Processes(system, [resource]).Where(p => p.State == KnownResourceStates.Running)];

    /// <summary>Each instance of the resources with its process id and start time, as Aspire reports them.</summary>
    private static IReadOnlyList<ReplicaProcess> Processes(RunningSystem system, IEnumerable<string> resources) =>
        [.. resources.SelectMany(system.Replicas)
            .Where(r => r.State == KnownResourceStates.Running)
            .Select(r => system.App.ResourceNotifications.TryGetCurrentState(r.ResourceId, out var e)
                ? new ReplicaProcess(r.ResourceId, e.Snapshot.State?.Text, r.Pid, e.Snapshot.StartTimeStamp)
                : new ReplicaProcess(r.ResourceId, r.State, r.Pid, null))
            .OrderBy(p => p.Id, StringComparer.Ordinal)];

    private sealed record ReplicaProcess(string Id, string? State, int? Pid, DateTime? StartedAt);
    private sealed record Job(string Id, string State, long Produced, long Acknowledged, long Failed);
    private sealed record ProcessedStats(long Processed, long DuplicatesAbsorbed);
    private sealed record AnalyticsSummary(long Orders, long DuplicatesAbsorbed);
}
