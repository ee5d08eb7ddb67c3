using System.Text.Json;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>3 + 2 real consumers on the embedded broker, watched by the analyzer: describe, lag growth, health,
/// the lag alert, and recovery.</summary>
public class GroupLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Describe_lag_health_and_alerts_follow_the_consumers()
    {
        using var kafka = new KafkaTestCluster();
        await using var processors = new TestConsumerGroup(kafka, "order-processors", 3).Start();
        await using var analytics = new TestConsumerGroup(kafka, "analytics", 2).Start();
        using var app = new AnalyzerApp(kafka, ["order-processors", "analytics"]);
        var client = app.CreateClient();
        await processors.WaitForAssignmentAsync(Timeout);
        await analytics.WaitForAssignmentAsync(Timeout);
        kafka.ProduceToEveryPartition(50);

        // describe: 6 partitions per group, each owned by the member that says it owns it, lag drained to 0.
        foreach (var group in new[] { processors, analytics })
        {
            var describe = await app.WaitForJsonAsync(client, $"/api/groups/{group.Group}", d =>
                {
                    var rows = d.GetProperty("partitions").EnumerateArray().ToList();
                    var owners = group.Assignments;
                    return rows.Count == 6
                        && rows.All(r => r.GetProperty("lag").GetInt64() == 0 && r.GetProperty("currentOffset").ValueKind == JsonValueKind.Number)
                        && rows.All(r => r.GetProperty("replica").GetString() is { } replica
                            && owners.TryGetValue(replica, out var owned) && owned.Contains(r.GetProperty("partition").GetInt32()));
                }, Timeout, $"{group.Group}: describe never matched the consumers' own assignments {Show(group.Assignments)}");
            var rows = describe.GetProperty("partitions").EnumerateArray().ToList();
            Assert.Equal(group.Replicas, rows.Select(r => r.GetProperty("replica").GetString()).Distinct().Count());
            Assert.All(rows, r => Assert.Equal(50, r.GetProperty("logEndOffset").GetInt64()));
            Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("consumerId").GetString())));
            var members = await app.WaitForJsonAsync(client, $"/api/groups/{group.Group}/members?verbose=true",
                m => m.GetProperty("members").GetArrayLength() == group.Replicas, Timeout, "members");
            Assert.Equal(6, members.GetProperty("members").EnumerateArray().Sum(m => m.GetProperty("partitionCount").GetInt32()));
        }
        await AssertHealthAsync(app, client, "order-processors", "Healthy");

        // Stop order-processors and produce 1,200 per partition: average lag 1,200 > 1,000.
        await processors.StopAsync();
        kafka.ProduceToEveryPartition(1200);
        var state = await app.WaitForJsonAsync(client, "/api/groups/order-processors/state",
            s => s.GetProperty("totalLag").GetInt64() == 7200 && s.GetProperty("members").GetInt32() == 0, Timeout, "lag never grew to 7200");
        Assert.Equal("Empty", state.GetProperty("state").GetString());
        var health = await AssertHealthAsync(app, client, "order-processors", "Unhealthy");
        Assert.Equal(1200, health.GetProperty("data").GetProperty("averageLag").GetDouble());
        Assert.Equal(7200, health.GetProperty("data").GetProperty("totalLag").GetInt64());
        Assert.Equal(1000, health.GetProperty("data").GetProperty("threshold").GetInt64());
        Assert.Equal(0, health.GetProperty("data").GetProperty("activeConsumers").GetInt64());
        var alerts = await app.WaitForJsonAsync(client, "/api/groups/order-processors/alerts",
            a => a.GetProperty("alerts").EnumerateArray().Any(x => x.GetProperty("name").GetString() == "lag-high"), Timeout, "lag alert never fired");
        var lagAlert = alerts.GetProperty("alerts").EnumerateArray().First(x => x.GetProperty("name").GetString() == "lag-high");
        Assert.Equal(7200, lagAlert.GetProperty("value").GetDouble());
        Assert.True(lagAlert.GetProperty("since").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        // analytics kept consuming: still healthy and drained.
        await app.WaitForJsonAsync(client, "/api/groups/analytics/state", s => s.GetProperty("totalLag").GetInt64() == 0, Timeout, "analytics lag");
        await AssertHealthAsync(app, client, "analytics", "Healthy");

        // Restart: the lag drains to 0, health returns, the alert clears.
        await using var restarted = new TestConsumerGroup(kafka, "order-processors", 3).Start();
        await app.WaitForJsonAsync(client, "/api/groups/order-processors/state",
            s => s.GetProperty("totalLag").GetInt64() == 0 && s.GetProperty("members").GetInt32() == 3, Timeout, "lag never drained");
        await AssertHealthAsync(app, client, "order-processors", "Healthy");
        await app.WaitForJsonAsync(client, "/api/groups/order-processors/alerts",
            a => !a.GetProperty("alerts").EnumerateArray().Any(x => x.GetProperty("name").GetString() == "lag-high"), Timeout, "lag alert never cleared");
        var rebalances = await app.WaitForJsonAsync(client, "/api/groups/order-processors/rebalances",
            r => r.GetProperty("rebalances").GetArrayLength() > 0, Timeout, "no rebalance recorded");
        Assert.True(rebalances.GetProperty("rebalancesPerHour").GetDouble() >= 1);
    }

    private static async Task<JsonElement> AssertHealthAsync(AnalyzerApp app, HttpClient client, string group, string status)
    {
        var report = await app.WaitForJsonAsync(client, "/health",
            h => h.GetProperty("entries").GetProperty($"group:{group}").GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(30), $"health of {group} never became {status}");
        return report.GetProperty("entries").GetProperty($"group:{group}");
    }

    private static string Show(IReadOnlyDictionary<string, int[]> assignments) =>
        string.Join("; ", assignments.Select(a => $"{a.Key}=[{string.Join(",", a.Value)}]"));
}
