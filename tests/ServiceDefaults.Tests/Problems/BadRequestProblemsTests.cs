using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.ServiceDefaults.Tests.Problems;

/// <summary>Every service's one bad-request path, on a real Kestrel with AddServiceDefaults: binding failures and
/// validation both answer 400 application/problem+json with <c>errors</c> naming the field and the reason.</summary>
public sealed class BadRequestProblemsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record Thing(int? Count, string? Name);

    public sealed record Nested([property: Range(1, 5)] int? Level);

    public enum Shade { Light, Dark }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.MapPost("/things", (Thing thing) => TypedResults.Ok(thing));
        _app.MapGet("/things/{id}", (int id, bool? verbose, Shade? shade, [Range(1, 10)] int? replicas, string? note) =>
            TypedResults.Ok(new { id, verbose, shade, replicas, note }));
        _app.MapGet("/required", (int count) => TypedResults.Ok(count));
        _app.MapGet("/own-check", () => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["KeyDistribution.Share"] = ["too big"] }));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"count":"many"}""", "count", "'count' must be a JSON integer from -2147483648 to 2147483647 (line 1, position 15).")]
    [InlineData("""{"count":1,"colour":"red"}""", "colour", "'colour' is not a member of this request (line 1, position 20).")]
    [InlineData("""{"count":""", "body", "The request body is not valid JSON: malformed (line 1, position 10).")]
    [InlineData("", "body", "A JSON body is required.")]
    public async Task A_body_that_does_not_bind_names_the_member(string body, string field, string message)
    {
        using var response = await _client.PostAsync("/things", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, message);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var response = await _client.PostAsync("/things", new StringContent("count=1", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "body", "The request body must be JSON (Content-Type: application/json).");
    }

    [Theory]
    [InlineData("/things/abc", "id", "'id' must be a whole number; 'abc' is not.")]
    [InlineData("/things/1?verbose=maybe", "verbose", "'verbose' must be true or false; 'maybe' is not.")]
    [InlineData("/things/1?shade=pink", "shade", "'shade' must be one of Light, Dark; 'pink' is not.")]
    [InlineData("/things/1?replicas=x", "replicas", "'replicas' must be a whole number; 'x' is not.")]
    [InlineData("/things/1?replicas=11", "replicas", "The field replicas must be between 1 and 10.")]
    [InlineData("/required", "count", "'count' is required.")]
    public async Task A_query_or_route_value_that_does_not_bind_or_validate_names_the_parameter(string path, string field, string message)
    {
        using var response = await _client.GetAsync(path);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, message);
    }

    [Fact]
    public async Task Valid_values_bind()
    {
        using var response = await _client.GetAsync("/things/7?verbose=true&shade=Dark&replicas=3&note=x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_handlers_own_validation_problem_uses_json_names()
    {
        using var response = await _client.GetAsync("/own-check");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "keyDistribution.share", "too big");
    }

    [Fact]
    public async Task A_client_that_accepts_no_json_still_gets_the_status()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things/abc");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.TryGetProperty("status", out var statusCode) && statusCode.GetInt32() == (int)status, text);
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors), text);
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {text}");
        Assert.Equal([message], messages.EnumerateArray().Select(m => m.GetString()));
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }
}
