using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OrdersAspire.AppHost.Kafka;
using OrdersAspire.EmbeddedKafka;

namespace OrdersAspire.AppHost.Tests.Kafka;

/// <summary>The AppHost's Kafka health check against an in-memory cluster of its own per test: healthy only when every
/// needed topic exists with its partition count, otherwise Unhealthy naming each topic (in the description and a log line).</summary>
public sealed class KafkaHealthCheckTests
{
    private static readonly KafkaTopic[] Needed = [new("order-events", 6), new("order-events.dlt", 3), new("consumer-group-reports", 1)];

    [Fact]
    public async Task HealthyWhenEveryTopicHasItsPartitionCount()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        foreach (var topic in Needed)
        {
            cluster.CreateTopic(topic.Name, topic.Partitions);
        }

        var (result, _) = await CheckAsync(cluster, createMissingTopics: false);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(cluster.BootstrapServers, result.Data["bootstrapServers"]);
    }

    [Fact]
    public async Task AWrongPartitionCountAndAMissingTopicAreNamed()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("order-events", 3);
        cluster.CreateTopic("consumer-group-reports", 1);

        var (result, log) = await CheckAsync(cluster, createMissingTopics: false);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("topic 'order-events' has 3 partitions, 6 needed", result.Description, StringComparison.Ordinal);
        Assert.Contains("topic 'order-events.dlt' is missing (3 partitions needed)", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("consumer-group-reports", result.Description, StringComparison.Ordinal);
        var line = Assert.Single(log, l => l.Level == LogLevel.Warning);
        Assert.Contains("topic 'order-events' has 3 partitions, 6 needed", line.Message, StringComparison.Ordinal);
        Assert.Contains("topic 'order-events.dlt' is missing", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingTopicThatCannotBeCreatedIsNamedWithTheBrokersReason()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 1); // the mock cluster refuses CreateTopics
        cluster.CreateTopic("order-events", 6);
        cluster.CreateTopic("consumer-group-reports", 1);

        var (result, _) = await CheckAsync(cluster, createMissingTopics: true);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("topic 'order-events.dlt' is missing", result.Description, StringComparison.Ordinal);
        Assert.Contains("topic 'order-events.dlt' could not be created", result.Description, StringComparison.Ordinal);
    }

    private static async Task<(HealthCheckResult Result, IReadOnlyList<LogLine> Log)> CheckAsync(MockKafkaCluster cluster, bool createMissingTopics)
    {
        var log = new ListLogger<KafkaHealthCheck>();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var check = new KafkaHealthCheck(ResourceNames.Kafka, _ => ValueTask.FromResult<string?>(cluster.BootstrapServers),
            new Dictionary<string, string>(), Needed, createMissingTopics,
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), log);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await check.CheckHealthAsync(new HealthCheckContext(), timeout.Token);
        return (result, log.Lines);
    }
}

public sealed record LogLine(LogLevel Level, string Message);

/// <summary>Keeps what is logged, for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> Lines { get { lock (_lines) { return [.. _lines]; } } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(new(logLevel, formatter(state, exception)));
        }
    }
}
