using System.Net;
using System.Text.Json;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

public class ResetOffsetsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private const string Group = "order-processors";

    [Fact]
    public async Task Dry_run_changes_nothing_active_group_is_409_no_key_is_401_and_execute_moves_offsets()
    {
        using var kafka = new KafkaTestCluster();
        var consumers = new TestConsumerGroup(kafka, Group, 1).Start();
        using var app = new AnalyzerApp(kafka, [Group]);
        var client = app.CreateClient();
        await consumers.WaitForAssignmentAsync(Timeout);
        kafka.ProduceToEveryPartition(100);
        await app.WaitForJsonAsync(client, $"/api/groups/{Group}/state",
            s => s.GetProperty("totalLag").GetInt64() == 0 && s.GetProperty("members").GetInt32() == 1, Timeout, "consumer never caught up");
        Assert.Equal((long[])[100, 100, 100, 100, 100, 100], (await kafka.CommittedAsync(Group)).AsEnumerable());

        // Dry run (the default): a plan, nothing committed.
        using var dryRun = await client.PostAsync($"/api/groups/{Group}/reset-offsets?to=earliest", null);
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var plan = JsonDocument.Parse(await dryRun.Content.ReadAsStringAsync()).RootElement;
        Assert.True(plan.GetProperty("dryRun").GetBoolean());
        Assert.False(plan.GetProperty("executed").GetBoolean());
        Assert.All(plan.GetProperty("partitions").EnumerateArray(), r =>
        {
            Assert.Equal(0, r.GetProperty("newOffset").GetInt64());
            Assert.Equal(100, r.GetProperty("currentOffset").GetInt64());
        });
        Assert.Equal((long[])[100, 100, 100, 100, 100, 100], (await kafka.CommittedAsync(Group)).AsEnumerable());

        // Active group: 409 naming the member.
        using var active = await Send(client, $"/api/groups/{Group}/reset-offsets?to=earliest&execute=true", AnalyzerApp.Key);
        Assert.Equal(HttpStatusCode.Conflict, active.StatusCode);
        Assert.Equal("application/problem+json", active.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{Group}-1", await active.Content.ReadAsStringAsync());

        // Without or with a wrong key: 401, whatever the group's state.
        using var noKey = await Send(client, $"/api/groups/{Group}/reset-offsets?to=earliest&execute=true", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        using var wrongKey = await Send(client, $"/api/groups/{Group}/reset-offsets?to=earliest&execute=true", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        // Stopped, but the embedded broker keeps the group as if it had members and refuses a commit from outside it: the
        // reset never joins the group to get round that, so it is refused (409) and nothing moves.
        await consumers.StopAsync();
        await app.WaitForJsonAsync(client, $"/api/groups/{Group}/state", s => s.GetProperty("members").GetInt32() == 0, Timeout, "member never left");
        using var refused = await Send(client, $"/api/groups/{Group}/reset-offsets?to=earliest&execute=true", AnalyzerApp.Key);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Conflict, refusal);
        Assert.Contains("never joins the group", refusal);
        Assert.Equal((long[])[100, 100, 100, 100, 100, 100], (await kafka.CommittedAsync(Group)).AsEnumerable());
    }

    [Fact]
    public async Task Execute_commits_without_joining_for_a_group_whose_consumers_never_joined()
    {
        const string group = "offline-exporter";
        using var kafka = new KafkaTestCluster();
        kafka.ProduceToEveryPartition(100);
        kafka.CommitWithoutJoining(group, _ => 100);
        using var app = new AnalyzerApp(kafka, [Group]);
        var client = app.CreateClient();

        // Not watched, but it has committed offsets: the reset plans and executes for it.
        using var executed = await Send(client, $"/api/groups/{group}/reset-offsets?to=shift-by&value=-30&partitions=0,2&execute=true", AnalyzerApp.Key);
        var body = await executed.Content.ReadAsStringAsync();
        Assert.True(executed.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.True(result.GetProperty("executed").GetBoolean());
        Assert.Equal([70L, 70L], result.GetProperty("partitions").EnumerateArray().Select(r => r.GetProperty("currentOffset").GetInt64()));
        Assert.Equal((long[])[70, 100, 70, 100, 100, 100], (await kafka.CommittedAsync(group)).AsEnumerable());

        using var earliest = await Send(client, $"/api/groups/{group}/reset-offsets?to=earliest&execute=true", AnalyzerApp.Key);
        Assert.Equal(HttpStatusCode.OK, earliest.StatusCode);
        Assert.Equal((long[])[0, 0, 0, 0, 0, 0], (await kafka.CommittedAsync(group)).AsEnumerable());
        // The analyzer sees the rewound offsets as lag.
        await app.WaitForJsonAsync(client, $"/api/groups/{group}/state", s => s.GetProperty("totalLag").GetInt64() == 600, Timeout, "lag after reset");

        using var unknown = await Send(client, "/api/groups/never-committed/reset-offsets?to=earliest&execute=true", AnalyzerApp.Key);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Resets fired while a consumer joins the group: whether a reset lands before the group exists (committed)
    /// or after (refused), it never joins, so the consumer is assigned exactly once and never revoked.</summary>
    [Fact]
    public async Task A_reset_racing_a_joining_consumer_never_makes_the_group_rebalance()
    {
        const string group = "racing-group";
        using var kafka = new KafkaTestCluster();
        kafka.ProduceToEveryPartition(20);
        kafka.CommitWithoutJoining(group, _ => 10);
        using var app = new AnalyzerApp(kafka, [Group]);
        var client = app.CreateClient();

        await using var consumer = new PlainConsumer(kafka, group);
        var statuses = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow + Timeout;
        // Reset until the consumer owns its partitions, and once more after: that one must find the group live.
        while (true)
        {
            var joined = consumer.Assignments > 0;
            using var reset = await Send(client, $"/api/groups/{group}/reset-offsets?to=earliest&execute=true", AnalyzerApp.Key);
            statuses.Add(reset.StatusCode);
            Assert.True(reset.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await reset.Content.ReadAsStringAsync());
            if (joined)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the consumer never joined");
        }
        Assert.Equal(HttpStatusCode.Conflict, statuses[^1]);

        // The consumer reads on to the end of every partition in the one generation it joined.
        await Eventually.UntilAsync(() => consumer.AtEndOfEveryPartition, Timeout, "the consumer to reach the end of its partitions");
        Assert.Equal(1, consumer.Assignments);
        Assert.Equal(0, consumer.Revocations);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        return client.SendAsync(request);
    }
}
