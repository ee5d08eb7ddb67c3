using System.Net;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary><c>GET /api/groups/{group}/autoscale</c> against a real broker: the decision follows the group's lag and
/// members, its inputs come with it, the advice recommends the same target, and each decision is counted. In the
/// metrics collection: it reads /metrics, whose meter listeners are process-wide.</summary>
[Collection(MetricsCollection.Name)]
public class AutoscaleApiTests
{
    private const string Group = "order-processors";

    private static readonly Dictionary<string, string> Settings = new()
    {
        [$"Analyzer:Autoscale:{Group}:Enabled"] = "true",
        [$"Analyzer:Autoscale:{Group}:Min"] = "1",
        [$"Analyzer:Autoscale:{Group}:Max"] = "6",
        [$"Analyzer:Autoscale:{Group}:LagThreshold"] = "10",
        [$"Analyzer:Autoscale:{Group}:ActivationLagThreshold"] = "5",
        [$"Analyzer:Autoscale:{Group}:CooldownSeconds"] = "2",
    };

    [Fact]
    public async Task The_decision_follows_lag_and_members_with_its_inputs()
    {
        using var kafka = new KafkaTestCluster();
        var consumers = new TestConsumerGroup(kafka, Group, 1).Start();
        await using var _ = consumers;
        using var app = new AnalyzerApp(kafka, [Group, "analytics"], settings: Settings);
        var client = app.CreateClient();
        await consumers.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));

        var caughtUp = await app.WaitForJsonAsync(client, $"/api/groups/{Group}/autoscale",
            s => s.GetProperty("latest").GetProperty("current").GetInt32() == 1, TimeSpan.FromSeconds(30), "one member seen");
        Assert.Equal("hold", caughtUp.GetProperty("latest").GetProperty("action").GetString());
        Assert.Equal(10, caughtUp.GetProperty("settings").GetProperty("lagThreshold").GetInt64());

        // The only member leaves; 7 orders per partition wait: 42 lag at 10 per replica → target 5, one step from 0.
        await consumers.StopAsync();
        kafka.ProduceToEveryPartition(7);
        var lagging = await app.WaitForJsonAsync(client, $"/api/groups/{Group}/autoscale",
            s => s.GetProperty("latest").GetProperty("totalLag").GetInt64() == 42 && s.GetProperty("latest").GetProperty("current").GetInt32() == 0,
            TimeSpan.FromSeconds(30), "lag 42 and no member");
        var latest = lagging.GetProperty("latest");
        Assert.Equal("scale-up", latest.GetProperty("action").GetString());
        Assert.Equal(1, latest.GetProperty("desired").GetInt32());
        Assert.Equal(5, latest.GetProperty("target").GetInt32());
        Assert.Equal(5, latest.GetProperty("kedaReplicas").GetInt32());
        Assert.Equal(Enumerable.Repeat(7L, 6), latest.GetProperty("partitionLag").EnumerateObject().Select(p => p.Value.GetInt64()));
        Assert.Equal("unknown", latest.GetProperty("capacitySource").GetString());
        Assert.Contains("below Min", latest.GetProperty("reason").GetString());
        Assert.Contains(lagging.GetProperty("recent").EnumerateArray(), d => d.GetProperty("action").GetString() == "hold");

        // The advice is the same rule on the same sample.
        var advice = await app.WaitForJsonAsync(client, $"/api/groups/{Group}/advice", a => a.GetProperty("recommendedReplicas").GetInt32() == 5,
            TimeSpan.FromSeconds(10), "advice of 5");
        Assert.Equal(10, advice.GetProperty("lagThreshold").GetInt64());

        await Eventually.UntilAsync(async () => (await client.GetStringAsync("/metrics")).Split('\n').Any(l =>
                l.StartsWith("ordersaspire_analyzer_autoscale_decisions_total{", StringComparison.Ordinal) && l.Contains("action=\"scale-up\"", StringComparison.Ordinal)
                && l.Contains($"consumergroup=\"{Group}\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the scale-up decision counted in /metrics");
    }

    [Theory]
    [InlineData("analytics", HttpStatusCode.NotFound, "Autoscaling is not enabled for group 'analytics'")]
    [InlineData("bad%20name", HttpStatusCode.BadRequest, "'group'")]
    public async Task Groups_without_autoscaling_or_with_a_bad_name_get_a_problem(string group, HttpStatusCode status, string detail)
    {
        using var kafka = new KafkaTestCluster();
        using var app = new AnalyzerApp(kafka, [Group], settings: Settings);
        using var response = await app.CreateClient().GetAsync($"/api/groups/{group}/autoscale");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, body);
    }
}
