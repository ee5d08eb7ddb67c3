using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.LoadGenerator.Apis;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.LoadGenerator.Tests.Support;

/// <summary>
/// One test's world: its own mock Kafka cluster and topic, and the load generator in memory producing to it
/// (Production environment, so nothing depends on development-only middleware).
/// </summary>
public sealed class LoadGeneratorHost : IAsyncDisposable
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplicationFactory<GenerationRunner> _factory;

    private LoadGeneratorHost(MockKafkaCluster cluster, string topic, int partitions, WebApplicationFactory<GenerationRunner> factory)
    {
        Cluster = cluster;
        Topic = topic;
        Partitions = partitions;
        _factory = factory;
        Client = factory.CreateClient();
    }

    public MockKafkaCluster Cluster { get; }

    public string Topic { get; }

    public int Partitions { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static LoadGeneratorHost Start(int partitions = 6, int? seed = 20261125, Dictionary<string, string?>? settings = null)
    {
        var cluster = MockKafkaCluster.Start(brokers: 1);
        var topic = "orders-" + Guid.NewGuid().ToString("N")[..12];
        cluster.CreateTopic(topic, partitions);
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = cluster.BootstrapServers,
            ["LoadGenerator:Topic"] = topic,
            ["LoadGenerator:RandomSeed"] = seed?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var factory = new Factory(all);
        return new LoadGeneratorHost(cluster, topic, partitions, factory);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string json) =>
        Client.PostAsync(OrderGenerationApi.BasePath, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Starts a job and returns it as the POST answered.</summary>
    public async Task<GenerationJobResponse> StartJobAsync(string json)
    {
        using var response = await PostJsonAsync(json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<GenerationJobResponse>(body, JsonSerializerOptions.Web)!;
    }

    public async Task<GenerationJobResponse> GetJobAsync(Guid id) =>
        (await Client.GetFromJsonAsync<GenerationJobResponse>(OrderGenerationApi.JobPath(id)))!;

    /// <summary>Polls the job until it leaves Running (fails the test after <see cref="JobTimeout"/>).</summary>
    public Task<GenerationJobResponse> WaitForFinishAsync(Guid id) =>
        Eventually.ResultAsync(() => GetJobAsync(id), job => job.State != GenerationState.Running, JobTimeout, "the job to finish");

    public TopicContents ReadTopic() => TopicContents.Read(Cluster.BootstrapServers, Topic, Partitions);

    public long[] HighWatermarks() => TopicContents.HighWatermarks(Cluster.BootstrapServers, Topic, Partitions);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Cluster.Dispose();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<GenerationRunner>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                if (value is not null)
                {
                    builder.UseSetting(key, value);
                }
            }
        }
    }
}
