using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.Reliability.Tests.Protection;

/// <summary>Each service, started as a process the way its launch profile starts it (the profile's host, a free
/// port), listens on loopback only — Kestrel and, for the embedded broker, the Kafka brokers too — and never prints
/// a configured secret (SASL passwords for both client kinds, a keyed connection string's password, the fault
/// API's admin key), even with debug logging and librdkafka's configuration dump switched on.</summary>
[Collection(ReliabilityCollection.Name)]
[Slow]
public sealed class LoopbackAndSecretTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("EmbeddedKafka")]
    [InlineData("LoadGenerator")]
    [InlineData("OrderProcessors")]
    [InlineData("Analytics")]
    public async Task AServiceListensOnLoopbackOnlyAndNeverLogsASecret(string service)
    {
        var profileUrl = LaunchProfileUrl(service);
        Assert.True(profileUrl.IsLoopback, $"{service}'s launch profile binds {profileUrl.Host}, not loopback");
        var url = new UriBuilder(profileUrl) { Port = FreePort() }.Uri.ToString().TrimEnd('/');

        var secrets = new[] { "Cons-" + Secret(), "Prod-" + Secret(), "Conn-" + Secret(), "Admin-" + Secret() };
        using var cluster = MockKafkaCluster.Start(1);
        cluster.CreateTopic("order-events", 6);
        cluster.CreateTopic("order-events.dlt", 3);
        cluster.CreateTopic("consumer-group-reports", 1);
        var directory = Directory.CreateTempSubdirectory("orders-secrets-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url,
            ["ConnectionStrings__kafka"] = $"BootstrapServers={cluster.BootstrapServers};SaslPassword={secrets[2]}",
            ["ConnectionStrings__effects"] = $"Data Source={Path.Combine(directory, "store")}",
            ["Aspire__Confluent__Kafka__Consumer__Config__sasl.password"] = secrets[0],
            ["Aspire__Confluent__Kafka__Producer__Config__sasl.password"] = secrets[1],
            ["Aspire__Confluent__Kafka__Consumer__Config__debug"] = "conf,generic",
            ["Aspire__Confluent__Kafka__Producer__Config__debug"] = "conf,generic",
            ["EmbeddedKafka__AdminKey"] = secrets[3],
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft"] = "Debug",
            ["Logging__LogLevel__OrdersAspire.Kafka"] = "Trace",
            ["Logging__LogLevel__OrdersAspire.EmbeddedKafka.librdkafka"] = "Trace",
        };
        using var process = ServiceProcess.Start(service, service, environment);
        try
        {
            var address = await process.WaitForAddressAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
            await ExerciseAsync(service, process, http, secrets[3]);

            var listening = ListeningSockets.Of(process.Pid);
            output.WriteLine($"{service} ({profileUrl} in launchSettings, started on {url}) listens on: {string.Join(", ", listening)}");
            Assert.Contains(listening, e => e.Port == address.Port);
            Assert.All(listening, e => Assert.True(ListeningSockets.IsLoopback(e.Address), $"{service} listens on {e} (not loopback)"));

            var lines = process.Output.ToList();
            output.WriteLine($"{service}: {lines.Count} output lines checked for {secrets.Length} secrets");
            Assert.True(lines.Count > 20, "debug logging produced almost nothing: the check would be empty");
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
            }
        }
        finally
        {
            process.Dispose();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Drives the service's Kafka clients and admin paths so that anything that could print a secret runs.</summary>
    private static async Task ExerciseAsync(string service, ServiceProcess process, HttpClient http, string adminKey)
    {
        switch (service)
        {
            case "EmbeddedKafka":
                foreach (var key in new[] { "wrong-" + adminKey[..4], adminKey })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/faults/reset");
                    request.Headers.Add("X-Admin-Key", key);
                    using var response = await http.SendAsync(request);
                    Assert.Equal(key == adminKey ? HttpStatusCode.NoContent : HttpStatusCode.Unauthorized, response.StatusCode);
                }
                break;
            case "LoadGenerator":
                using (var response = await http.PostAsync("/api/orders/generate",
                    new StringContent("{\"count\": 20, \"ratePerSecond\": 100}", Encoding.UTF8, "application/json")))
                {
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                    await Eventually.ResultAsync(() => http.GetStringAsync($"/api/orders/generate/{job}"),
                        body => !body.Contains("\"Running\"", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30), "the job to finish");
                }
                break;
            default:
                await process.WaitForOutputAsync("subscribed to", TimeSpan.FromSeconds(60));
                await process.WaitForOutputAsync("assigned [", TimeSpan.FromSeconds(60));
                using (var response = await http.GetAsync("/api/consumer"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                break;
        }
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static Uri LaunchProfileUrl(string service)
    {
        var path = Path.Combine(RepositoryPaths.Root, "services", service, "Properties", "launchSettings.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var urls = document.RootElement.GetProperty("profiles").EnumerateObject()
            .Select(p => p.Value.TryGetProperty("applicationUrl", out var u) ? u.GetString() : null)
            .Where(u => u is not null).SelectMany(u => u!.Split(';')).Select(u => new Uri(u)).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.True(u.IsLoopback, $"{path}: {u} is not loopback"));
        return urls.First(u => u.Scheme == "http");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Secret() => Convert.ToHexString(Guid.NewGuid().ToByteArray());
}
