using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using OrdersAspire.Reliability.Tests.Support;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.Reliability.Tests.Protection;

/// <summary>Executing an offset reset on the analyzer needs <c>Analyzer:AdminKey</c> in <c>X-Admin-Key</c>: missing or
/// wrong (empty, other case, a prefix, one character more or different, padded) → 401 ProblemDetails and the group's
/// committed offsets untouched; the right key resets an inactive group; no key configured → 403 whatever is sent.
/// A dry run (the default) needs no key and commits nothing.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class AnalyzerAdminKeyTests
{
    private const int Orders = 60;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string?[] WrongKeys =
    [
        null, "", "wrong", AnalyzerApp.Key.ToUpperInvariant(), AnalyzerApp.Key[..^1], AnalyzerApp.Key + "x",
        " " + AnalyzerApp.Key + " ", AnalyzerApp.Key[..^1] + "0", EmbeddedKafkaApp.Key,
    ];

    [Fact]
    public async Task AMissingOrWrongKeyIsRefusedWith401AndTheOffsetsStayWhereTheyWere()
    {
        await using var world = await CommittedGroupAsync();
        await using var analyzer = new AnalyzerApp(world.Broker.BootstrapServers, [world.OrderProcessors.GroupId]);
        using var client = analyzer.CreateClient();
        await AnalyzerApp.WaitForSampledAsync(client, Timeout);

        foreach (var key in WrongKeys)
        {
            using var response = await ResetToEarliestAsync(client, world, key, execute: true);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"key '{key}': {(int)response.StatusCode} {body}");
            AssertProblem(response, body, 401);
            Assert.DoesNotContain(AnalyzerApp.Key, body, StringComparison.Ordinal);
        }
        Assert.Equal(0, world.CommittedLag(world.OrderProcessors.GroupId));

        // A dry run needs no key and commits nothing either.
        using var dryRun = await ResetToEarliestAsync(client, world, key: null, execute: false);
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(0, world.CommittedLag(world.OrderProcessors.GroupId));
    }

    [Fact]
    public async Task TheRightKeyResetsAnInactiveGroup()
    {
        await using var world = await CommittedGroupAsync();
        await using var analyzer = new AnalyzerApp(world.Broker.BootstrapServers, [world.OrderProcessors.GroupId]);
        using var client = analyzer.CreateClient();
        await AnalyzerApp.WaitForSampledAsync(client, Timeout);

        using var response = await ResetToEarliestAsync(client, world, AnalyzerApp.Key, execute: true);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("executed").GetBoolean());
        Assert.Equal(Orders, world.CommittedLag(world.OrderProcessors.GroupId)); // back to the beginning of every partition
    }

    [Fact]
    public async Task WithoutAConfiguredKeyOffsetResetIsDisabled()
    {
        await using var world = await CommittedGroupAsync();
        await using var analyzer = new AnalyzerApp(world.Broker.BootstrapServers, [world.OrderProcessors.GroupId], adminKey: null);
        using var client = analyzer.CreateClient();
        await AnalyzerApp.WaitForSampledAsync(client, Timeout);

        foreach (var key in new[] { null, "", AnalyzerApp.Key })
        {
            using var response = await ResetToEarliestAsync(client, world, key, execute: true);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"key '{key}': {(int)response.StatusCode} {body}");
            AssertProblem(response, body, 403);
            Assert.Contains("Analyzer:AdminKey", body);
        }
        Assert.Equal(0, world.CommittedLag(world.OrderProcessors.GroupId));
    }

    /// <summary>A world whose order-processors group has committed the log end of every partition and has no members.</summary>
    private static async Task<ReliabilityWorld> CommittedGroupAsync()
    {
        var world = new ReliabilityWorld();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await world.ProduceOrdersAsync(Orders, 1_000, cts.Token);
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = world.Broker.BootstrapServers,
                GroupId = world.OrderProcessors.GroupId,
                EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            var ends = Enumerable.Range(0, ReliabilityWorld.Partitions)
                .Select(p => new TopicPartition(ReliabilityWorld.Topic, p))
                .Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High))
                .ToList();
            consumer.Commit(ends);
            Assert.Equal(0, world.CommittedLag(world.OrderProcessors.GroupId));
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private static Task<HttpResponseMessage> ResetToEarliestAsync(HttpClient client, ReliabilityWorld world, string? key, bool execute)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"/api/groups/{world.OrderProcessors.GroupId}/reset-offsets?to=earliest&execute={(execute ? "true" : "false")}");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(AdminKey.HeaderName, key);
        }

        return client.SendAsync(request);
    }

    private static void AssertProblem(HttpResponseMessage response, string body, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }
}
