using System.Net;
using System.Text;
using System.Text.Json;
using OrdersAspire.LoadGenerator.Apis;
using OrdersAspire.LoadGenerator.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.LoadGenerator.Tests.Apis;

public class BadRequestTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "", "body" },
        { "{", "body" },
        { "not json", "body" },
        { "[1,2]", "body" },
        { "null", "body" },
        { "{}", "count" },
        { """{"ratePerSecond":50}""", "count" },
        { """{"count":1000}""", "ratePerSecond" },
        { """{"count":0,"ratePerSecond":50}""", "count" },
        { """{"count":10000001,"ratePerSecond":50}""", "count" },
        { """{"count":1000,"ratePerSecond":0}""", "ratePerSecond" },
        { """{"count":1000,"ratePerSecond":100001}""", "ratePerSecond" },
        { """{"count":"many","ratePerSecond":50}""", "count" },
        { """{"count":1.5,"ratePerSecond":50}""", "count" },
        { """{"count":"1000","ratePerSecond":50}""", "count" },
        { """{"count":1000,"ratePerSecond":true}""", "ratePerSecond" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"zipf","skew":"1.2"}}""", "keyDistribution.skew" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":7}}""", "keyDistribution.type" },
        { """{"count":1000,"ratePerSecond":99999999999}""", "ratePerSecond" },
        { """{"count":1000,"ratePerSecond":50,"topic":"elsewhere"}""", "topic" },
        { """{"count":1000,"ratePerSecond":50,"customers":0}""", "customers" },
        { """{"count":1000,"ratePerSecond":50,"payloadBytes":70000}""", "payloadBytes" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"pareto"}}""", "keyDistribution.type" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"skew":1.2}}""", "keyDistribution.type" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":"zipf"}""", "keyDistribution" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"zipf","skew":0}}""", "keyDistribution.skew" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"zipf","skew":-1}}""", "keyDistribution.skew" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"hot","partition":2,"share":0}}""", "keyDistribution.share" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"hot","partition":2,"share":1.5}}""", "keyDistribution.share" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"hot","partition":6,"share":0.5}}""", "keyDistribution.partition" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"hot","partition":-1,"share":0.5}}""", "keyDistribution.partition" },
        { """{"count":1000,"ratePerSecond":50,"keyDistribution":{"type":"hot","partition":2,"share":0.5,"spread":3}}""", "keyDistribution.spread" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_request_is_a_400_problem_naming_the_field_and_produces_nothing(string body, string field)
    {
        await using var host = LoadGeneratorHost.Start(partitions: 6);

        using var response = await host.PostJsonAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {text}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal); // no .NET type names leak

        await AssertNothingProducedAsync(host);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);

        using var response = await host.Client.PostAsync(OrderGenerationApi.BasePath, new StringContent("count=5", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingProducedAsync(host);
    }

    [Fact]
    public async Task A_client_that_accepts_no_json_still_gets_a_400()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, OrderGenerationApi.BasePath)
        {
            Content = new StringContent("{", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingProducedAsync(host);
    }

    private static async Task AssertNothingProducedAsync(LoadGeneratorHost host)
    {
        var jobs = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<GenerationJobList>(host.Client, OrderGenerationApi.BasePath);
        Assert.Empty(jobs!.Jobs);
        Assert.All(host.HighWatermarks(), high => Assert.Equal(0, high));
    }
}
