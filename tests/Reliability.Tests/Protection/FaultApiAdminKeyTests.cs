using System.Net;
using System.Text.Json;
using OrdersAspire.Reliability.Tests.Support;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.Reliability.Tests.Protection;

/// <summary>With <c>EmbeddedKafka:AdminKey</c> configured, fault injection needs it in <c>X-Admin-Key</c>: missing or
/// wrong (also same length, a prefix, other case, padded) → 401 ProblemDetails and no fault applied; right → 204;
/// no key configured → 403 whatever is sent.</summary>
public sealed class FaultApiAdminKeyTests : IAsyncLifetime
{
    private const string Key = "k3y-7f1d0c9e2b8a4d6f";
    private readonly EmbeddedKafkaApp _app = new(new Dictionary<string, string?> { ["EmbeddedKafka:AdminKey"] = Key, ["EmbeddedKafka:Brokers"] = "1" });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        await Eventually.ResultAsync(() => _client.GetAsync("/kafka"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the cluster");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public static TheoryData<string?> WrongKeys() => new()
    {
        null, "", "wrong", Key.ToUpperInvariant(), Key[..^1], Key + "x", " " + Key, Key[..^1] + "0",
    };

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public async Task AMissingOrWrongKeyIsRefusedWith401AndNoFaultIsApplied(string? key)
    {
        foreach (var (path, body) in FaultRequests())
        {
            using var response = await SendAsync(path, body, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain(Key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // The refused "down" did not take broker 1 down: the broker still answers.
        var state = _app.Services.GetService(typeof(OrdersAspire.EmbeddedKafka.Hosting.EmbeddedKafkaState)) as OrdersAspire.EmbeddedKafka.Hosting.EmbeddedKafkaState;
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = state!.Cluster!.BootstrapServers }).Build();
        Assert.Single(admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers);
    }

    [Fact]
    public async Task TheRightKeyIsAccepted()
    {
        foreach (var (path, body) in FaultRequests())
        {
            using var response = await SendAsync(path, body, Key);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task WithoutAConfiguredKeyTheFaultApiIsDisabled()
    {
        await using var unkeyed = new EmbeddedKafkaApp(new Dictionary<string, string?> { ["EmbeddedKafka:AdminKey"] = null, ["EmbeddedKafka:Brokers"] = "1" });
        using var client = unkeyed.CreateClient();
        foreach (var (path, body) in FaultRequests())
        {
            foreach (var key in new[] { null, "", "anything" })
            {
                var request = new HttpRequestMessage(HttpMethod.Post, path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                }

                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation(AdminKey.HeaderName, key);
                }

                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("EmbeddedKafka:AdminKey", await response.Content.ReadAsStringAsync());
            }
        }
        using var info = await client.GetAsync("/kafka");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode); // reading the bootstrap needs no key
    }

    private static IEnumerable<(string Path, string? Body)> FaultRequests() =>
    [
        ("/faults/brokers/1/rtt", "{\"milliseconds\": 5}"),
        ("/faults/request-errors", "{\"apiKey\": \"OffsetCommit\", \"errors\": [\"REBALANCE_IN_PROGRESS\"]}"),
        ("/faults/coordinator", "{\"keyType\": \"group\", \"key\": \"g\", \"brokerId\": 1}"),
        ("/faults/partition-leader", "{\"topic\": \"order-events\", \"partition\": 0, \"brokerId\": 1}"),
        ("/faults/brokers/1/down", null),
        ("/faults/brokers/1/up", null),
        ("/faults/reset", null),
    ];

    private async Task<HttpResponseMessage> SendAsync(string path, string? body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(AdminKey.HeaderName, key);
        }

        return await _client.SendAsync(request);
    }
}
