using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

public class MembershipSourceTests
{
    [Fact]
    public async Task Auto_falls_back_to_the_reports_on_the_embedded_broker()
    {
        using var kafka = new KafkaTestCluster();
        await using var consumers = new TestConsumerGroup(kafka, "analytics", 2).Start();
        using var app = new AnalyzerApp(kafka, ["analytics"], membershipSource: "auto");
        var client = app.CreateClient();
        await consumers.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));
        var describe = await app.WaitForJsonAsync(client, "/api/groups/analytics",
            d => d.GetProperty("partitions").EnumerateArray().All(p => p.GetProperty("replica").GetString() is not null),
            TimeSpan.FromSeconds(30), "owners never appeared");
        Assert.Equal("reports", describe.GetProperty("membershipSource").GetString());
    }

    [Fact]
    public async Task A_member_that_stops_reporting_without_leaving_is_reported_down()
    {
        using var kafka = new KafkaTestCluster();
        await using var consumers = new TestConsumerGroup(kafka, "analytics", 2).Start();
        using var app = new AnalyzerApp(kafka, ["analytics"]);
        var client = app.CreateClient();
        await consumers.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));
        await app.WaitForJsonAsync(client, "/api/groups/analytics/state", s => s.GetProperty("members").GetInt32() == 2, TimeSpan.FromSeconds(30), "2 members");

        await consumers.CrashAsync();
        var alerts = await app.WaitForJsonAsync(client, "/api/groups/analytics/alerts",
            a => a.GetProperty("alerts").EnumerateArray().Any(x => x.GetProperty("name").GetString() == "consumer-down" && x.GetProperty("value").GetDouble() == 2),
            TimeSpan.FromSeconds(30), "consumer-down never fired for both members");
        var members = await app.WaitForJsonAsync(client, "/api/groups/analytics/members", m => m.GetProperty("members").GetArrayLength() == 0,
            TimeSpan.FromSeconds(30), "crashed members still listed");
        Assert.Equal(["analytics-1", "analytics-2"], members.GetProperty("downMembers").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("analytics-1", alerts.GetProperty("alerts").EnumerateArray().First(x => x.GetProperty("name").GetString() == "consumer-down").GetProperty("message").GetString());
    }
}
