using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka.Apis;
using OrdersAspire.EmbeddedKafka.Tests.Support;

namespace OrdersAspire.EmbeddedKafka.Tests.Apis;

public sealed class FaultsApiTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Broker_down_times_out_produce_to_its_partition_and_up_or_reset_restores_it()
    {
        await using var app = new EmbeddedKafkaApp();
        using var http = app.CreateClient();
        var kafka = (await http.GetFromJsonAsync<KafkaInfo>("/kafka"))!;
        var partition = new TopicPartition("order-events", KafkaProbe.PartitionLedBy(kafka.BootstrapServers, "order-events", 2));

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/faults/brokers/2/down", null)).StatusCode);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => KafkaProbe.ProduceAsync(kafka.BootstrapServers, partition, "lost", TimeSpan.FromSeconds(1.5)));
        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/faults/brokers/2/up", null)).StatusCode);
        var afterUp = await KafkaProbe.ProduceAsync(kafka.BootstrapServers, partition, "after-up", Generous);
        Assert.Equal(PersistenceStatus.Persisted, afterUp.Status);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/faults/brokers/2/down", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/faults/reset", null)).StatusCode);
        var afterReset = await KafkaProbe.ProduceAsync(kafka.BootstrapServers, partition, "after-reset", Generous);
        Assert.Equal(PersistenceStatus.Persisted, afterReset.Status);
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_requests_of_that_api()
    {
        await using var app = new EmbeddedKafkaApp();
        using var http = app.CreateClient();
        var kafka = (await http.GetFromJsonAsync<KafkaInfo>("/kafka"))!;
        var partition = new TopicPartition("order-events", 0);

        var response = await PostJsonAsync(http, "/faults/request-errors",
            """{"apiKey": "Produce", "errors": ["TOPIC_AUTHORIZATION_FAILED", "TopicAuthorizationFailed"]}""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
                () => KafkaProbe.ProduceAsync(kafka.BootstrapServers, partition, "x", Generous));
            Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
        }

        var success = await KafkaProbe.ProduceAsync(kafka.BootstrapServers, partition, "y", Generous);
        Assert.Equal(PersistenceStatus.Persisted, success.Status);
    }

    [Fact]
    public async Task Valid_fault_requests_are_accepted()
    {
        await using var app = new EmbeddedKafkaApp();
        using var http = app.CreateClient();
        var kafka = (await http.GetFromJsonAsync<KafkaInfo>("/kafka"))!;

        Assert.Equal(HttpStatusCode.NoContent,
            (await PostJsonAsync(http, "/faults/brokers/3/rtt", """{"milliseconds": 250}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await PostJsonAsync(http, "/faults/request-errors", """{"apiKey": 8, "errors": ["REBALANCE_IN_PROGRESS", 16]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await PostJsonAsync(http, "/faults/coordinator", """{"keyType": "group", "key": "orders", "brokerId": 2}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await PostJsonAsync(http, "/faults/partition-leader", """{"topic": "order-events", "partition": 0, "brokerId": 3}""")).StatusCode);

        var leader = KafkaProbe.Metadata(kafka.BootstrapServers, "order-events").Topics[0].Partitions.Single(p => p.PartitionId == 0).Leader;
        Assert.Equal(3, leader);
    }

    [Theory]
    [InlineData("/faults/brokers/0/down", null, "id")]
    [InlineData("/faults/brokers/4/up", null, "id")]
    [InlineData("/faults/brokers/abc/down", null, "id")]
    [InlineData("/faults/brokers/1/rtt", """{"milliseconds": -1}""", "milliseconds")]
    [InlineData("/faults/brokers/1/rtt", """{"milliseconds": "fast"}""", "milliseconds")]
    [InlineData("/faults/brokers/1/rtt", """{}""", "milliseconds")]
    [InlineData("/faults/brokers/1/rtt", """{"milliseconds": """, "body")]
    [InlineData("/faults/brokers/1/rtt", "", "body")]
    [InlineData("/faults/request-errors", """{"apiKey": "OffsetKommit", "errors": ["REBALANCE_IN_PROGRESS"]}""", "apiKey")]
    [InlineData("/faults/request-errors", """{"apiKey": 9999, "errors": ["REBALANCE_IN_PROGRESS"]}""", "apiKey")]
    [InlineData("/faults/request-errors", """{"apiKey": "OffsetCommit", "errors": ["NOT_AN_ERROR"]}""", "errors[0]")]
    [InlineData("/faults/request-errors", """{"apiKey": "OffsetCommit", "errors": ["REBALANCE_IN_PROGRESS", -185]}""", "errors[1]")]
    [InlineData("/faults/request-errors", """{"apiKey": "OffsetCommit", "errors": []}""", "errors")]
    [InlineData("/faults/request-errors", """{"apiKey": "OffsetCommit"}""", "errors")]
    [InlineData("/faults/request-errors", """[1, 2]""", "body")]
    [InlineData("/faults/coordinator", """{"keyType": "broker", "key": "g", "brokerId": 1}""", "keyType")]
    [InlineData("/faults/coordinator", """{"keyType": "group", "brokerId": 1}""", "key")]
    [InlineData("/faults/coordinator", """{"keyType": "group", "key": "g", "brokerId": 5}""", "brokerId")]
    [InlineData("/faults/partition-leader", """{"topic": "nope", "partition": 0, "brokerId": 1}""", "topic")]
    [InlineData("/faults/partition-leader", """{"topic": "order-events", "partition": 6, "brokerId": 1}""", "partition")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string path, string? body, string field)
    {
        await using var app = new EmbeddedKafkaApp();
        using var http = app.CreateClient();

        var response = body is null ? await http.PostAsync(path, null) : await PostJsonAsync(http, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _),
            $"no error for '{field}' in {problem.RootElement}");
    }

    [Fact]
    public async Task Admin_key_is_required_when_configured()
    {
        await using var app = new EmbeddedKafkaApp(new Dictionary<string, string?> { ["EmbeddedKafka:AdminKey"] = "s3cret" });
        using var http = app.CreateClient();

        var missing = await http.PostAsync("/faults/brokers/1/down", null);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/faults/reset") { Headers = { { "X-Admin-Key", "s3cre" } } };
        var wrongResponse = await http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/faults/brokers/1/down") { Headers = { { "X-Admin-Key", "s3cret" } } };
        var rightResponse = await http.SendAsync(right);
        var info = await http.GetAsync("/kafka");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rightResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, info.StatusCode); // reading the bootstrap needs no key
    }

    [Fact]
    public async Task Fault_api_is_disabled_without_a_configured_key()
    {
        await using var app = new EmbeddedKafkaApp(new Dictionary<string, string?> { ["EmbeddedKafka:AdminKey"] = null });
        using var http = app.CreateClient();

        using var withAnyKey = new HttpRequestMessage(HttpMethod.Post, "/faults/brokers/1/down") { Headers = { { "X-Admin-Key", "guess" } } };
        var response = await http.SendAsync(withAnyKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EmbeddedKafka:AdminKey", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Kafka_endpoint_describes_the_configured_cluster()
    {
        await using var app = new EmbeddedKafkaApp(new Dictionary<string, string?>
        {
            ["EmbeddedKafka:Brokers"] = "2",
            ["EmbeddedKafka:Topics:0:Partitions"] = "4",
        });
        using var http = app.CreateClient();

        var kafka = (await http.GetFromJsonAsync<KafkaInfo>("/kafka"))!;

        Assert.Equal(2, kafka.Brokers);
        Assert.Equal(
            [new KafkaTopicInfo("order-events", 4), new KafkaTopicInfo("order-events.dlt", 3), new KafkaTopicInfo("consumer-group-reports", 1)],
            kafka.Topics);
        Assert.Equal(2, KafkaProbe.Metadata(kafka.BootstrapServers, "order-events").Brokers.Count);
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
