using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.Analysis.Sampling;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>The analyzer in memory (Production environment) watching <paramref name="groups"/> on
/// <paramref name="bootstrap"/>: membership from the consumers' reports (every 1 s, as <see cref="ReliabilityWorld"/>'s
/// replicas send them), sampling every 250 ms. <paramref name="adminKey"/> null runs it without a key.</summary>
public sealed class AnalyzerApp(string bootstrap, IReadOnlyList<string> groups, string? adminKey = AnalyzerApp.Key)
    : WebApplicationFactory<OrdersAspire.Analyzer.Health.GroupHealthCheck>
{
    public const string Key = "reliability-analyzer-key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ConnectionStrings:kafka", bootstrap);
        builder.UseSetting("Analyzer:Topic", ReliabilityWorld.Topic);
        builder.UseSetting("Analyzer:ReportsTopic", ReliabilityWorld.ReportsTopic);
        builder.UseSetting("Analyzer:MembershipSource", "reports");
        builder.UseSetting("Analyzer:SampleIntervalMs", "250");
        builder.UseSetting("Analyzer:ReportIntervalMs", "1000");
        builder.UseSetting("Aspire:Confluent:Kafka:Consumer:DisableMetrics", "true");
        builder.UseSetting("Aspire:Confluent:Kafka:Producer:DisableMetrics", "true");
        if (adminKey is not null)
        {
            builder.UseSetting("Analyzer:AdminKey", adminKey);
        }

        for (var i = 0; i < groups.Count; i++)
        {
            builder.UseSetting($"Analyzer:Groups:{i}", groups[i]);
        }
    }

    /// <summary>GETs <paramref name="path"/> until its JSON satisfies <paramref name="done"/> (bounded).</summary>
    public static Task<JsonElement> WaitForJsonAsync(HttpClient client, string path, Func<JsonElement, bool> done, TimeSpan timeout, string what) =>
        Eventually.ResultAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }, json => json.ValueKind != JsonValueKind.Undefined && done(json), timeout, what);

    /// <summary>Waits until the analyzer has sampled every watched group at least once.</summary>
    public static Task<JsonElement> WaitForSampledAsync(HttpClient client, TimeSpan timeout) =>
        WaitForJsonAsync(client, "/api/groups",
            // Every partition sampled; a group's state may stay unknown (no member ever reported, the broker cannot say).
            g => g.EnumerateArray().All(x => x.GetProperty("partitions").GetInt32() > 0), timeout, "every group sampled");
}
