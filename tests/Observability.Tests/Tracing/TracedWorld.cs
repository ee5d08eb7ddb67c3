using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.Observability.Tests.Tracing;

/// <summary>A private mock Kafka cluster, the load generator in memory producing to it, and one in-process consumer
/// host per group running the real consumer pipeline (<see cref="ConsumerGroupHostingExtensions.AddConsumerGroup{THandler}"/>)
/// with a <see cref="RecordingHandler"/>.</summary>
public sealed class TracedWorld : IAsyncDisposable
{
    private const int Partitions = 3;
    private readonly List<IHost> _consumers = [];

    private TracedWorld(MockKafkaCluster cluster, string topic)
    {
        Cluster = cluster;
        Topic = topic;
        var suffix = topic["orders-".Length..];
        DeadLetterTopic = $"{topic}.dlt";
        ReportsTopic = $"reports-{suffix}";
        cluster.CreateTopic(topic, Partitions);
        cluster.CreateTopic(DeadLetterTopic, 1);
        cluster.CreateTopic(ReportsTopic, 1);
        LoadGenerator = new LoadGeneratorFactory(new Dictionary<string, string>
        {
            ["ConnectionStrings:kafka"] = cluster.BootstrapServers,
            ["LoadGenerator:Topic"] = topic,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true",
        });
    }

    public MockKafkaCluster Cluster { get; }

    public string Topic { get; }

    public string DeadLetterTopic { get; }

    public string ReportsTopic { get; }

    public WebApplicationFactory<GenerationRunner> LoadGenerator { get; }

    public IReadOnlyDictionary<string, AppliedOrders> Applied => _applied;

    private readonly Dictionary<string, AppliedOrders> _applied = new(StringComparer.Ordinal);

    public static TracedWorld Create()
    {
        var cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(100));
        return new TracedWorld(cluster, "orders-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Starts a consumer host that is a member of <paramref name="groupId"/>.</summary>
    public async Task StartConsumerAsync(string groupId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = Cluster.BootstrapServers,
            ["ConsumerGroup:Topic"] = Topic,
            ["ConsumerGroup:DeadLetterTopic"] = DeadLetterTopic,
            ["ConsumerGroup:ReportsTopic"] = ReportsTopic,
            ["ConsumerGroup:ReplicaId"] = $"{groupId}-0",
            ["ConsumerGroup:SessionTimeoutMs"] = "6000",
            ["ConsumerGroup:HeartbeatIntervalMs"] = "500",
            ["Aspire:Confluent:Kafka:Consumer:DisableMetrics"] = "true",
            ["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true",
        });
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        var applied = new AppliedOrders();
        builder.Services.AddSingleton(applied);
        builder.AddConsumerGroup<RecordingHandler>(group => group.GroupId = groupId);
        var host = builder.Build();
        _consumers.Add(host);
        _applied[groupId] = applied;
        await host.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _consumers)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await host.StopAsync(cts.Token); }
            finally { host.Dispose(); }
        }
        await LoadGenerator.DisposeAsync();
        Cluster.Dispose();
    }

    private sealed class LoadGeneratorFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<GenerationRunner>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
