using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrdersAspire.LoadGenerator.Tests.Support;

namespace OrdersAspire.LoadGenerator.Tests.Apis;

public partial class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_the_endpoints()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);

        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var jobs = paths.GetProperty("/api/orders/generate");
        Assert.True(jobs.TryGetProperty("post", out var post));
        Assert.True(jobs.TryGetProperty("get", out _));
        var job = paths.GetProperty("/api/orders/generate/{id}");
        Assert.True(job.TryGetProperty("get", out _));
        Assert.True(job.TryGetProperty("delete", out var delete));
        Assert.True(delete.GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var request = schemas.GetProperty("GenerateOrdersRequest");
        Assert.Equal(["count", "ratePerSecond"], request.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        var rate = request.GetProperty("properties").GetProperty("ratePerSecond");
        Assert.Equal(100_000, rate.GetProperty("maximum").GetInt32());
        Assert.DoesNotContain("string", rate.GetProperty("type").ToString(), StringComparison.Ordinal); // numbers are strict
    }

    [Fact]
    public async Task The_scalar_reference_is_served_with_its_own_assets()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);

        using var page = await host.Client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        // Every script the page loads comes from this service (no CDN), and is served.
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"external script {script}");
            using var asset = await host.Client.GetAsync(new Uri(new Uri("http://localhost/scalar/v1"), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 1000, $"{script} is empty");
        }
    }

    [GeneratedRegex(@"<script[^>]*\ssrc=""([^""]+)""")]
    private static partial Regex ScriptSource();
}
