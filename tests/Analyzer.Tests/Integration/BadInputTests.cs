using System.Net;
using System.Text.Json;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>Client mistakes get ProblemDetails naming the field, never a 500. The rejections change nothing, so the
/// cases share one broker and analyzer (no admin key configured) instead of starting one per case.</summary>
public sealed class BadInputTests(BadInputTests.Analyzer fixture) : IClassFixture<BadInputTests.Analyzer>
{
    private readonly AnalyzerApp _app = fixture.App;
    private readonly HttpClient _client = fixture.Client;

    public sealed class Analyzer : IDisposable
    {
        private readonly KafkaTestCluster _kafka = new();

        public Analyzer()
        {
            App = new AnalyzerApp(_kafka, ["order-processors", "analytics"], adminKey: null);
            Client = App.CreateClient();
        }

        public AnalyzerApp App { get; }
        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            App.Dispose();
            _kafka.Dispose();
        }
    }

    public static TheoryData<string, string, HttpStatusCode, string?> Cases => new()
    {
        { "GET", "/api/groups/nope", HttpStatusCode.NotFound, null },
        { "GET", "/api/groups/nope/members", HttpStatusCode.NotFound, null },
        { "GET", "/api/groups/bad%20group", HttpStatusCode.BadRequest, "group" },
        { "POST", "/api/groups/bad%20group/reset-offsets?to=earliest", HttpStatusCode.BadRequest, "group" },
        { "POST", "/api/groups/nope/reset-offsets?to=earliest", HttpStatusCode.NotFound, null },
        { "GET", "/api/groups/order-processors/members?verbose=maybe", HttpStatusCode.BadRequest, "verbose" },
        { "GET", "/api/groups/order-processors/what-if?strategy=fastest", HttpStatusCode.BadRequest, "strategy" },
        { "GET", "/api/groups/order-processors/what-if?replicas=0", HttpStatusCode.BadRequest, "replicas" },
        { "GET", "/api/groups/order-processors/what-if?replicas=abc", HttpStatusCode.BadRequest, "replicas" },
        { "GET", "/api/groups/order-processors/advice?targetSeconds=-5", HttpStatusCode.BadRequest, "targetSeconds" },
        { "GET", "/api/groups/order-processors/advice?replicaRate=0", HttpStatusCode.BadRequest, "replicaRate" },
        { "POST", "/api/groups/order-processors/reset-offsets", HttpStatusCode.BadRequest, "to" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=sideways", HttpStatusCode.BadRequest, "to" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=offset&value=-3", HttpStatusCode.BadRequest, "value" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=datetime&value=soon", HttpStatusCode.BadRequest, "value" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&topic=bad%20topic", HttpStatusCode.BadRequest, "topic" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&topic=no-such-topic", HttpStatusCode.BadRequest, "topic" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&partitions=1,x", HttpStatusCode.BadRequest, "partitions" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&partitions=6", HttpStatusCode.BadRequest, "partitions" },
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&execute=yes", HttpStatusCode.BadRequest, "execute" },
        // No admin key configured: execution refused, saying how to configure one.
        { "POST", "/api/groups/order-processors/reset-offsets?to=earliest&execute=true", HttpStatusCode.Forbidden, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answers_with_problem_details(string method, string path, HttpStatusCode expected, string? field)
    {
        // Sampled once the partitions are known (their state stays Unknown: no consumer has reported or committed).
        await _app.WaitForJsonAsync(_client, "/api/groups", g => g.EnumerateArray().All(x => x.GetProperty("partitions").GetInt32() == 6),
            TimeSpan.FromSeconds(30), "groups never sampled");
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
        }

        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Analyzer:AdminKey", body);
        }
    }

    [Theory]
    [InlineData("what-if?replicas=abc", "replicas", "'replicas' must be a whole number; 'abc' is not.")]
    [InlineData("what-if?replicas=0", "replicas", "'replicas' must be a whole number between 1 and 1000")]
    [InlineData("what-if?strategy=fastest", "strategy", "'strategy' must be one of range, roundrobin, cooperative-sticky")]
    [InlineData("members?verbose=maybe", "verbose", "'verbose' must be true or false; 'maybe' is not.")]
    [InlineData("advice?replicaRate=Infinity", "replicaRate", "'replicaRate' must be a positive number of messages per second")]
    public async Task Query_values_are_bound_typed_and_validated_with_the_reason(string query, string field, string message)
    {
        using var response = await _client.GetAsync($"/api/groups/order-processors/{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Valid_queries_answer_for_a_group_without_members()
    {
        await _app.WaitForJsonAsync(_client, "/api/groups/analytics", d => d.GetProperty("partitions").GetArrayLength() == 6,
            TimeSpan.FromSeconds(30), "describe");
        foreach (var path in new[] { "what-if", "what-if?strategy=roundrobin&replicas=4", "advice?targetSeconds=60", "balance", "hot-partitions", "rebalances", "alerts", "state", "members?verbose=true" })
        {
            using var response = await _client.GetAsync($"/api/groups/analytics/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var whatIf = JsonDocument.Parse(await _client.GetStringAsync("/api/groups/analytics/what-if")).RootElement;
        Assert.Equal(3 * 6, whatIf.GetArrayLength());
        var openApi = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/groups/{group}/reset-offsets", openApi);
        using var scalar = await _client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }
}
