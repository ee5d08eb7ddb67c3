using System.Net;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.Reliability.Tests.BadHttpInput;

/// <summary>A seeded fuzz of every HTTP endpoint of the load generator, the embedded broker (including its fault
/// API), order-processors, analytics and the analyzer: random and malformed bodies, content types, parameters, huge strings and
/// wrong methods. Never a 5xx; a 4xx with a body is ProblemDetails; /health is healthy afterwards.
/// <c>RELIABILITY_FUZZ_SEED</c> replays another sequence.</summary>
[Collection(ReliabilityCollection.Name)]
[Slow]
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 400;
    private static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SEED"), out var seed) ? seed : 20261125;

    [Fact]
    public async Task LoadGeneratorAnswersHostileInputWith4xxProblemDetailsAndStaysHealthy()
    {
        using var cluster = MockKafkaCluster.Start(1);
        cluster.CreateTopic("order-events", 6);
        await using var app = new LoadGeneratorApp(cluster.BootstrapServers, "order-events");
        using var client = app.CreateClient();
        FuzzEndpoint[] endpoints =
        [
            new("POST", "/api/orders/generate", HasBody: true),
            new("POST", "/api/orders/generate/", HasBody: true),
            new("GET", "/api/orders/generate"),
            new("GET", "/api/orders/generate/{id}"),
            new("DELETE", "/api/orders/generate/{id}"),
            new("GET", "/health"),
        ];
        await FuzzAsync("load-generator", client, endpoints);
    }

    [Fact]
    public async Task EmbeddedKafkaAndItsFaultApiAnswerHostileInputWith4xxProblemDetailsAndStayHealthy()
    {
        await using var app = new EmbeddedKafkaApp(new Dictionary<string, string?> { ["EmbeddedKafka:Brokers"] = "3" });
        using var client = app.CreateClient();
        await Eventually.ResultAsync(() => client.GetAsync("/kafka"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the cluster");
        FuzzEndpoint[] endpoints =
        [
            new("GET", "/kafka"),
            new("POST", "/faults/brokers/{id}/down"),
            new("POST", "/faults/brokers/{id}/up"),
            new("POST", "/faults/brokers/{id}/rtt", HasBody: true),
            new("POST", "/faults/request-errors", HasBody: true),
            new("POST", "/faults/coordinator", HasBody: true),
            new("POST", "/faults/partition-leader", HasBody: true),
            new("POST", "/faults/reset"),
        ];
        await FuzzAsync("embedded-kafka", client, endpoints, afterwards: async () =>
        {
            using var reset = await client.PostAsync("/faults/reset", null);
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        });
    }

    [Fact]
    public async Task OrderProcessorsAndAnalyticsAnswerHostileInputWith4xxProblemDetailsAndStayHealthy()
    {
        await using var world = new ReliabilityWorld();
        var processors = await world.StartReplicaAsync(world.OrderProcessors);
        var analytics = await world.StartReplicaAsync(world.Analytics);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await world.ProduceOrdersAsync(50, 500, cts.Token); // stores exist and hold something to look up

        using var processorsClient = new HttpClient { BaseAddress = world.OrderProcessors.Address(processors), Timeout = TimeSpan.FromSeconds(20) };
        await FuzzAsync("order-processors", processorsClient,
        [
            new("GET", "/api/processed-orders/{orderId}"),
            new("GET", "/api/processed-orders/stats"),
            new("GET", "/api/consumer"),
        ]);
        using var analyticsClient = new HttpClient { BaseAddress = world.Analytics.Address(analytics), Timeout = TimeSpan.FromSeconds(20) };
        await FuzzAsync("analytics", analyticsClient,
        [
            new("GET", "/api/analytics/summary"),
            new("GET", "/api/analytics/regions"),
            new("GET", "/api/analytics/minutes"),
            new("GET", "/api/analytics/orders/{orderId}"),
            new("GET", "/api/consumer"),
        ]);
        Assert.False(processors.HasExited || analytics.HasExited);
    }

    [Fact]
    public async Task AnalyzerAnswersHostileInputWith4xxProblemDetailsAndStaysHealthy()
    {
        await using var world = new ReliabilityWorld();
        var processors = await world.StartReplicaAsync(world.OrderProcessors);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await world.ProduceOrdersAsync(50, 500, cts.Token); // offsets committed, a member reporting: every view has data
        await world.WaitForZeroLagAsync(world.OrderProcessors, TimeSpan.FromSeconds(60));
        await using var analyzer = new AnalyzerApp(world.Broker.BootstrapServers, [world.OrderProcessors.GroupId, world.Analytics.GroupId]);
        using var client = analyzer.CreateClient();
        await AnalyzerApp.WaitForSampledAsync(client, TimeSpan.FromSeconds(30));

        var group = "/api/groups/" + world.OrderProcessors.GroupId;
        await FuzzAsync("analyzer", client,
        [
            new("GET", "/api/groups"),
            new("GET", "/api/overview"),
            new("GET", "/api/alerts"),
            new("GET", "/api/groups/{group}"),
            new("GET", "/api/groups/{group}/members"),
            new("POST", "/api/groups/{group}/reset-offsets"),
            new("GET", group),
            new("GET", group + "/analysis"),
            new("GET", group + "/members"),
            new("GET", group + "/state"),
            new("GET", group + "/balance"),
            new("GET", group + "/hot-partitions"),
            new("GET", group + "/rebalances"),
            new("GET", group + "/alerts"),
            new("GET", group + "/advice"),
            new("GET", group + "/what-if"),
            new("POST", group + "/reset-offsets"),
            new("POST", group + "/reset-offsets", HasBody: true),
            new("POST", group + "/reset-offsets?to=earliest&execute=true"),          // past validation, to the key check
            new("POST", group + "/reset-offsets?to=shift-by&value=-10&execute=true"),
            new("GET", "/"),
        ]);
        // Nothing the fuzz sent carried the key, so no reset ran: the group's committed offsets are where it left them.
        Assert.Equal(0, world.CommittedLag(world.OrderProcessors.GroupId));
        Assert.False(processors.HasExited);
    }

    private async Task FuzzAsync(string service, HttpClient client, IReadOnlyList<FuzzEndpoint> endpoints, Func<Task>? afterwards = null)
    {
        var fuzzer = new HttpFuzzer(Seed);
        var result = await fuzzer.RunAsync(client, endpoints, Requests);
        output.WriteLine($"{service}: seed {fuzzer.Seed}, {Requests} requests → {result}");
        foreach (var violation in result.Violations.Take(20))
        {
            output.WriteLine("  " + violation);
        }

        if (afterwards is not null)
        {
            await afterwards();
        }

        using var health = await client.GetAsync("/health");
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"{service} /health answered {(int)health.StatusCode}: {await health.Content.ReadAsStringAsync()}");
        Assert.Empty(result.Violations);
        Assert.True(result.StatusCounts.Keys.Count(s => s >= 400) >= 2, "the fuzz reached too few error paths to mean anything");
    }
}
