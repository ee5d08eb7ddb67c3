using System.Net;
using System.Text.Json;
using OrdersAspire.Analyzer.Cli;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>A group the analyzer is not configured for, whose consumer publishes no reports (any third-party
/// consumer): described on request like kafka-consumer-groups --describe does, with the report-dependent signals
/// unknown rather than healthy or zero.</summary>
public class ThirdPartyGroupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private const string Group = "billing-exporter";

    /// <summary>The plain consumer commits 2 + p on partition p of 10 messages: lag 8 − p.</summary>
    private static long CommitAt(int partition) => 2 + partition;

    [Fact]
    public async Task Api_and_cli_describe_a_group_without_reports_with_lag_per_partition_and_unknown_signals()
    {
        using var kafka = new KafkaTestCluster();
        kafka.ProduceToEveryPartition(10);
        await using var consumer = new PlainConsumer(kafka, Group, CommitAt);
        await Eventually.UntilAsync(() => consumer.CommittedAll, Timeout, "the plain consumer to commit");
        kafka.CommitWithoutJoining("tools-exporter", _ => 1);

        using var app = new AnalyzerApp(kafka, ["order-processors"], membershipSource: "auto",
            settings: new Dictionary<string, string> { ["Analyzer:MaxWatchedGroups"] = "2" });
        var client = app.CreateClient();

        // Not configured: watched from this first request on, described at once.
        var describe = await app.WaitForJsonAsync(client, $"/api/groups/{Group}", d => d.GetProperty("partitions").GetArrayLength() == 6,
            Timeout, "describe of the third-party group");
        var rows = describe.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], rows.Select(r => r.GetProperty("partition").GetInt32()));
        Assert.Equal([2L, 3, 4, 5, 6, 7], rows.Select(r => r.GetProperty("currentOffset").GetInt64()));
        Assert.Equal([8L, 7, 6, 5, 4, 3], rows.Select(r => r.GetProperty("lag").GetInt64()));
        Assert.All(rows, r => Assert.Equal(10, r.GetProperty("logEndOffset").GetInt64()));
        // The embedded broker cannot describe groups and this one publishes no reports: owners, members and state unknown.
        Assert.Equal("unknown", describe.GetProperty("membershipSource").GetString());
        Assert.Equal("unknown", describe.GetProperty("stateSource").GetString());
        Assert.Equal("Unknown", describe.GetProperty("state").GetString());
        Assert.False(describe.GetProperty("hasReports").GetBoolean());
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("consumerId").ValueKind));
        Assert.Contains("rebalancesPerHour", describe.GetProperty("unknownSignals").EnumerateArray().Select(s => s.GetString()));

        var state = JsonDocument.Parse(await client.GetStringAsync($"/api/groups/{Group}/state")).RootElement;
        foreach (var unknown in new[] { "members", "rebalancesPerHour", "heartbeatFailures", "commitSuccessRatio" })
        {
            Assert.True(state.GetProperty(unknown).ValueKind == JsonValueKind.Null, $"{unknown} should be unknown (null): {state}");
        }

        Assert.Equal(33, state.GetProperty("totalLag").GetInt64());
        Assert.Equal("unknown", state.GetProperty("protocol").GetString());

        var alerts = JsonDocument.Parse(await client.GetStringAsync($"/api/groups/{Group}/alerts")).RootElement;
        Assert.Equal(["rebalances-frequent", "heartbeat-failures", "commit-success-low", "consumer-down"],
            alerts.GetProperty("notEvaluable").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.DoesNotContain(alerts.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("name").GetString() is "commit-success-low" or "consumer-down");

        var members = JsonDocument.Parse(await client.GetStringAsync($"/api/groups/{Group}/members")).RootElement;
        Assert.Equal(JsonValueKind.Null, members.GetProperty("downMembers").ValueKind);
        var advice = JsonDocument.Parse(await client.GetStringAsync($"/api/groups/{Group}/advice")).RootElement;
        // No capacity is known for a third-party group: the lag alone decides, as KEDA would (⌈33 ÷ 1000⌉).
        Assert.Equal(1, advice.GetProperty("recommendedReplicas").GetInt32());
        Assert.Equal(1, advice.GetProperty("kedaReplicas").GetInt32());
        Assert.Equal("unknown", advice.GetProperty("capacitySource").GetString());

        var groups = JsonDocument.Parse(await client.GetStringAsync("/api/groups")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["order-processors", Group], groups.Select(g => g.GetProperty("group").GetString()));
        Assert.Equal([true, false], groups.Select(g => g.GetProperty("configured").GetBoolean()));

        // The bound: 2 groups watched, a third with committed offsets is refused, saying how to raise it.
        using var beyond = await client.GetAsync("/api/groups/tools-exporter");
        var beyondBody = await beyond.Content.ReadAsStringAsync();
        Assert.True(beyond.StatusCode == HttpStatusCode.Conflict, beyondBody);
        Assert.Equal("application/problem+json", beyond.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Analyzer:MaxWatchedGroups", beyondBody);

        // The CLI describes the same group from the broker alone.
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(await AnalyzerCli.RunAsync(["describe", "--group", Group, "--bootstrap-server", kafka.BootstrapServers], output, error) == 0, error.ToString());
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(7, lines.Length);
        var cells = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(cells, c => Assert.Equal([Group, KafkaTestCluster.Topic], c.Take(2)));
        Assert.Equal(["8", "7", "6", "5", "4", "3"], cells.Select(c => c[5]));
        Assert.Equal(["2", "3", "4", "5", "6", "7"], cells.Select(c => c[3]));
    }

    [Fact]
    public async Task Names_that_cannot_be_groups_are_400_and_groups_without_offsets_are_404()
    {
        using var kafka = new KafkaTestCluster();
        using var app = new AnalyzerApp(kafka, ["order-processors"]);
        var client = app.CreateClient();

        using var invalid = await client.GetAsync("/api/groups/bad%20name");
        var invalidBody = await invalid.Content.ReadAsStringAsync();
        Assert.True(invalid.StatusCode == HttpStatusCode.BadRequest, invalidBody);
        Assert.True(JsonDocument.Parse(invalidBody).RootElement.GetProperty("errors").TryGetProperty("group", out _), invalidBody);

        using var tooLong = await client.GetAsync($"/api/groups/{new string('g', 256)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        using var none = await client.GetAsync("/api/groups/never-committed");
        var noneBody = await none.Content.ReadAsStringAsync();
        Assert.True(none.StatusCode == HttpStatusCode.NotFound, noneBody);
        Assert.Contains("no committed offsets", noneBody);
        var groups = JsonDocument.Parse(await client.GetStringAsync("/api/groups")).RootElement;
        Assert.Equal(["order-processors"], groups.EnumerateArray().Select(g => g.GetProperty("group").GetString()));
    }
}
