using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrdersAspire.AppHost.Tests.Acceptance;
using OrdersAspire.GroupContracts.Groups;
using Xunit.Abstractions;

namespace OrdersAspire.AppHost.Tests.Scaling;

/// <summary>Autoscaling by lag through the whole AppHost: order-processors starts at Min = 1 with a low lag threshold and
/// a short cooldown; a burst the group cannot keep up with (10 ms of simulated work per order) builds lag; the analyzer's
/// decisions and the AppHost's autoscaler take the group up one replica at a time to Max, and after the lag is drained
/// back down to Min, one step per stabilization window; every order is applied.</summary>
[Slow]
[Collection(AppHostCollection.Name)]
public sealed class AutoscalingEndToEndTests(ITestOutputHelper output)
{
    private const string Group = ResourceNames.OrderProcessors;
    private const int Max = 3;
    private const int CooldownSeconds = 10;
    private const int Orders = 20_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_burst_scales_the_group_up_step_by_step_and_back_to_min_after_the_window_with_every_order_applied()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = deadline.Token;
        var dataDirectory = Directory.CreateTempSubdirectory("orders-apphost-autoscale-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Topology:DataDirectory={dataDirectory}", "--Kafka:Embedded:GroupInitialRebalanceDelayMs=500",
            // KIP-848: a joining or leaving member costs about a second, not the classic protocol's session wait.
            $"--Topology:OrderProcessors:Replicas=1", $"--Topology:OrderProcessors:MaxReplicas={Max}", "--Topology:OrderProcessors:GroupProtocol=consumer",
            "--Topology:OrderProcessors:Autoscale:Enabled=true", "--Topology:OrderProcessors:Autoscale:Min=1", $"--Topology:OrderProcessors:Autoscale:Max={Max}",
            "--Topology:OrderProcessors:Autoscale:LagThreshold=500", $"--Topology:OrderProcessors:Autoscale:CooldownSeconds={CooldownSeconds}",
            "--Topology:Analytics:Replicas=1",
        ], ct);
        // Slow each order down so the burst builds lag on any machine (the work waits, it does not burn CPU), and ask the
        // capacity term to drain within a second, so the lag threshold is what decides here.
        builder.CreateResourceBuilder<ProjectResource>(Group).WithEnvironment("OrderProcessing__SimulatedWorkPerOrderMs", "10");
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Analyzer).WithEnvironment("Analyzer__DrainTargetSeconds", "1");
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
            .AddFilter("AppHost.Resources", LogLevel.Warning).AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));

        var app = await builder.BuildAsync(ct);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await app.StartAsync(ct);
            _ = WatchReplicasAsync(app, watching.Token);
            foreach (var resource in new[] { ResourceNames.LoadGenerator, ResourceNames.Analyzer })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct);
            }

            using var analyzer = app.CreateHttpClient(ResourceNames.Analyzer, "http");
            using var loadGenerator = app.CreateHttpClient(ResourceNames.LoadGenerator, "http");
            using var orderProcessors = app.CreateHttpClient(Group, "http");

            var first = await Eventually.ResultAsync(() => StatusAsync(analyzer, ct), s => s.Latest.Current == 1, TimeSpan.FromSeconds(60),
                "the analyzer's first autoscale decision with one member", cancellationToken: ct);
            Assert.Equal(ScaleHold, first.Latest.Action);

            var generator = new LoadGeneratorClient(loadGenerator);
            var job = await generator.StartAsync(new { count = Orders, ratePerSecond = 4_000 }, ct);
            var started = DateTimeOffset.UtcNow;

            // Up, one replica at a time, to Max while the lag lasts.
            var atMax = await Eventually.ResultAsync(() => StatusAsync(analyzer, ct), s => s.Latest.Current == Max, TimeSpan.FromSeconds(120),
                $"{Max} members", TimeSpan.FromMilliseconds(500), ct);
            output.WriteLine($"{Max} members {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after the burst started; lag {atMax.Latest.TotalLag}");

            var completed = await generator.WaitForCompletionAsync(job, ct);
            Assert.Equal(Orders, completed.Acknowledged);

            // Drained, then down to Min, one step per window.
            await Eventually.UntilAsync(async () => (await StatusAsync(analyzer, ct)).Latest.TotalLag == 0, TimeSpan.FromSeconds(120), "the lag drained",
                interval: TimeSpan.FromMilliseconds(500), cancellationToken: ct);
            var drained = DateTimeOffset.UtcNow;
            var atMin = await Eventually.ResultAsync(() => StatusAsync(analyzer, ct), s => s.Latest.Current == 1 && s.Latest.Action == ScaleHold,
                TimeSpan.FromSeconds(120), "back to one member", TimeSpan.FromMilliseconds(500), ct);
            output.WriteLine($"back to 1 member {(DateTimeOffset.UtcNow - drained).TotalSeconds:0.0} s after the lag drained");
            await Eventually.UntilAsync(() => RunningReplicas() == 1, TimeSpan.FromSeconds(60), "one replica running", cancellationToken: ct);
            Assert.Equal(Max, _mostRunning); // never more replicas than Max, however often a step was decided

            var steps = atMin.Recent.Where(d => d.Action != ScaleHold).ToList();
            foreach (var step in steps)
            {
                output.WriteLine($"{step.At:HH:mm:ss.f} {step.Action} {step.Current} → {step.Desired} (target {step.Target}, KEDA {step.KedaReplicas}, lag {step.TotalLag}): {step.Reason}");
            }

            Assert.All(steps, s => Assert.Equal(1, Math.Abs(s.Desired!.Value - s.Current!.Value)));
            // A step is decided again when the analyzer's member count dips while a new member settles (a report late
            // under load); the AppHost does not act on it (it waits until the analyzer sees what runs), so only the
            // sequence of distinct steps counts.
            var ups = Distinct(steps.Where(s => s.Action == "scale-up"));
            var downs = steps.Where(s => s.Action == "scale-down").ToList();
            Assert.Equal([(1, 2), (2, 3)], ups);
            Assert.Equal([(3, 2), (2, 1)], Distinct(downs));
            downs = [.. downs.DistinctBy(d => (d.Current, d.Desired))];
            // Scale-down waits a full stabilization window after the last step (the count it moved to is a recommendation).
            Assert.True(downs[1].At - downs[0].At >= TimeSpan.FromSeconds(CooldownSeconds), $"second scale-down {downs[1].At - downs[0].At} after the first");

            // Every order applied once (the store keeps one row per order id).
            var stats = await Eventually.ResultAsync(() => orderProcessors.GetFromJsonAsync<ProcessedStats>("/api/processed-orders/stats", Json, ct),
                s => s is not null && s.Processed >= Orders, TimeSpan.FromSeconds(30), $"{Orders} orders applied", cancellationToken: ct);
            Assert.Equal(Orders, stats!.Processed);
            output.WriteLine($"applied {stats.Processed}, duplicates absorbed {stats.DuplicatesAbsorbed}");

            // The page's data carries the decisions, and the timeline names the rebalances the steps set off.
            var overview = JsonDocument.Parse(await analyzer.GetStringAsync("/api/overview", ct)).RootElement;
            var group = overview.EnumerateArray().Single(g => g.GetProperty("group").GetString() == Group);
            Assert.True(group.GetProperty("autoscale").GetProperty("recent").GetArrayLength() >= 4);
            Assert.Contains(group.GetProperty("rebalances").EnumerateArray(),
                r => r.TryGetProperty("cause", out var cause) && cause.GetString()?.StartsWith("autoscale scale-up", StringComparison.Ordinal) == true);
        }
        finally
        {
            watching.Cancel();
            await StopAsync(app, dataDirectory);
        }
    }

    private const string ScaleHold = "hold";

    /// <summary>The steps as (from, to), a step repeated back to back counted once.</summary>
    private static List<(int, int)> Distinct(IEnumerable<Decision> steps)
    {
        var distinct = new List<(int, int)>();
        foreach (var step in steps.Select(s => (s.Current!.Value, s.Desired!.Value)))
        {
            if (distinct.Count == 0 || distinct[^1] != step)
            {
                distinct.Add(step);
            }
        }

        return distinct;
    }

    private static async Task<Status> StatusAsync(HttpClient analyzer, CancellationToken ct) =>
        (await analyzer.GetFromJsonAsync<Status>($"/api/groups/{Group}/autoscale", Json, ct))!;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _replicaStates = new(StringComparer.Ordinal);

    private int _mostRunning;

    /// <summary>Replicas of the group in state Running, as DCP last reported them.</summary>
    private int RunningReplicas() => _replicaStates.Values.Count(state => state == KnownResourceStates.Running);

    private async Task WatchReplicasAsync(DistributedApplication app, CancellationToken ct)
    {
        try
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(ct))
            {
                if (e.Resource.Name == Group)
                {
                    _replicaStates[e.ResourceId] = e.Snapshot.State?.Text;
                    _mostRunning = Math.Max(_mostRunning, RunningReplicas());
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Stops the AppHost, then ends any process of this run that outlived it (found by the run's data directory
    /// in its environment: every consumer replica gets it), and removes the directory.</summary>
    private async Task StopAsync(DistributedApplication app, string dataDirectory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await app.StopAsync(timeout.Token); }
        catch (Exception ex) { output.WriteLine($"stop: {ex.Message}"); }
        await app.DisposeAsync();
        foreach (var pid in ProcessesMentioning(dataDirectory))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                output.WriteLine($"ending leftover process {pid} ({process.ProcessName})");
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static IEnumerable<int> ProcessesMentioning(string text)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string environment;
            try { environment = File.ReadAllText(Path.Combine(directory, "environ")); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            if (environment.Contains(text, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private sealed record Status(Decision Latest, IReadOnlyList<Decision> Recent);

    private sealed record Decision(DateTimeOffset At, string Action, int? Current, int? Desired, int Target, int KedaReplicas, long TotalLag, string Reason);

    private sealed record ProcessedStats(long Processed, long DuplicatesAbsorbed);
}
