using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrdersAspire.AppHost.Tests.Acceptance;
using OrdersAspire.Testing;
using Xunit.Abstractions;

namespace OrdersAspire.AppHost.Tests.Kafka;

/// <summary>External mode end to end, as `dotnet run --project AppHost -- --Kafka:Mode=external --ConnectionStrings:kafka=…`
/// runs it: a cluster the AppHost did not start (an embedded broker in its own process, its topics made by itself, as
/// the embedded broker refuses CreateTopics), every resource healthy, and orders applied by both groups.</summary>
[Collection(AppHostCollection.Name)]
[Slow]
public sealed partial class ExternalKafkaTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheSystemRunsOnAClusterItDidNotStartAndBothGroupsApplyTheOrders()
    {
        using var broker = ServiceProcess.Start("EmbeddedKafka", "external-kafka", new Dictionary<string, string?>
        {
            ["EmbeddedKafka__Brokers"] = "1",
            ["EmbeddedKafka__GroupInitialRebalanceDelayMs"] = "500",
            ["EmbeddedKafka__Topics__0__Name"] = "order-events",
            ["EmbeddedKafka__Topics__0__Partitions"] = "6",
            ["EmbeddedKafka__Topics__1__Name"] = "order-events.dlt",
            ["EmbeddedKafka__Topics__1__Partitions"] = "3",
            ["EmbeddedKafka__Topics__2__Name"] = "consumer-group-reports",
            ["EmbeddedKafka__Topics__2__Partitions"] = "1",
        });
        await broker.WaitForOutputAsync("Embedded Kafka ready: bootstrap=", TimeSpan.FromSeconds(60));
        var bootstrap = ReadyLine().Match(string.Join('\n', broker.Output)).Groups["bootstrap"].Value;
        Assert.NotEmpty(bootstrap);

        await using var system = await RunningSystem.StartAsync("--Kafka:Mode=external", $"--ConnectionStrings:kafka={bootstrap}");
        Assert.DoesNotContain(system.App.Services.GetRequiredService<DistributedApplicationModel>().Resources, r => r.Name == ResourceNames.KafkaBroker);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        foreach (var resource in (string[])[ResourceNames.Kafka, .. RunningSystem.Services])
        {
            Assert.Equal(HealthStatus.Healthy, (await system.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token)).Snapshot.HealthStatus);
        }

        var load = new LoadGeneratorClient(system.Http(ResourceNames.LoadGenerator));
        var job = await load.WaitForCompletionAsync(await load.StartAsync(new { count = 300, ratePerSecond = 300 }, cts.Token), cts.Token);
        Assert.Equal(300, job.Acknowledged);

        await Eventually.PassesAsync(async () =>
        {
            var processed = await system.Http(ResourceNames.OrderProcessors).GetFromJsonAsync<ProcessedStats>("/api/processed-orders/stats", cts.Token);
            Assert.Equal(job.Acknowledged, processed!.Processed);
            var analytics = await system.Http(ResourceNames.Analytics).GetFromJsonAsync<AnalyticsSummary>("/api/analytics/summary", cts.Token);
            Assert.Equal(job.Acknowledged, analytics!.Orders);
        }, TimeSpan.FromSeconds(90), $"both groups to apply the job's {job.Acknowledged} orders", cancellationToken: cts.Token);
        output.WriteLine($"{job.Acknowledged} orders applied by both groups on the external cluster at {bootstrap}");
    }

    private sealed record ProcessedStats(long Processed);

    private sealed record AnalyticsSummary(long Orders);

    [GeneratedRegex(@"Embedded Kafka ready: bootstrap=(?<bootstrap>\S+)")]
    private static partial Regex ReadyLine();
}
