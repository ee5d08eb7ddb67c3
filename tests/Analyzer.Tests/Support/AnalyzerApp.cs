using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>The analyzer in-process (the type argument only names the Analyzer assembly: EmbeddedKafka has a Program too) against a test's broker, sampling fast (250 ms) and expecting reports every
/// 300 ms. With <c>kestrel: true</c> it listens on a real loopback port (for the browser).</summary>
public sealed class AnalyzerApp : WebApplicationFactory<OrdersAspire.Analyzer.Health.GroupHealthCheck>
{
    public const string Key = "test-admin-key";
    private readonly KafkaTestCluster _kafka;
    private readonly string? _adminKey;
    private readonly string[] _groups;
    private readonly string _membershipSource;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">further configuration, e.g. <c>Analyzer:MaxWatchedGroups</c>.</param>
    public AnalyzerApp(KafkaTestCluster kafka, string[] groups, string? adminKey = Key, bool kestrel = false, string membershipSource = "reports",
        IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _membershipSource = membershipSource;
        _kafka = kafka;
        _groups = groups;
        _adminKey = adminKey;
        if (kestrel)
        {
            Port = FreePort();
            UseKestrel(Port);
            StartServer();
        }
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:kafka", _kafka.BootstrapServers);
        builder.UseSetting("Analyzer:Topic", KafkaTestCluster.Topic);
        builder.UseSetting("Analyzer:ReportsTopic", KafkaTestCluster.ReportsTopic);
        builder.UseSetting("Analyzer:MembershipSource", _membershipSource);
        builder.UseSetting("Analyzer:SampleIntervalMs", "250");
        builder.UseSetting("Analyzer:ReportIntervalMs", "300");
        builder.UseSetting("Analyzer:RateWindowSeconds", "5");
        builder.UseSetting("Analyzer:AdminKey", _adminKey ?? "");
        builder.UseSetting("Aspire:Confluent:Kafka:Consumer:DisableMetrics", "true");
        builder.UseSetting("Aspire:Confluent:Kafka:Producer:DisableMetrics", "true");
        for (var i = 0; i < _groups.Length; i++)
        {
            builder.UseSetting($"Analyzer:Groups:{i}", _groups[i]);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>GETs JSON until <paramref name="condition"/> holds on it.</summary>
    public async Task<JsonElement> WaitForJsonAsync(HttpClient client, string path, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        JsonElement last = default;
        string lastText = "";
        await Eventually.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            lastText = await response.Content.ReadAsStringAsync();
            if (!lastText.StartsWith('{') && !lastText.StartsWith('['))
            {
                return false;
            }

            last = JsonDocument.Parse(lastText).RootElement.Clone();
            try
            {
                return condition(last);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
            {
                return false; // not the expected shape yet (e.g. a 503 problem before the first sample)
            }
        }, timeout, what, () => $"{path}: {lastText[..Math.Min(lastText.Length, 3000)]}");
        return last;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
