using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.AppHost.Kafka;

/// <summary>Healthy when the cluster answers a metadata request and every topic the system needs exists with the
/// partition count it needs; otherwise Unhealthy with a description naming each topic that is missing or wrong (also
/// logged, once per change). With <c>createMissingTopics</c>, missing topics are created first (container and external
/// modes; the embedded broker creates its own and refuses CreateTopics). The admin client is built by
/// <see cref="KafkaClientFactory"/> from the resolved connection string and the settings the services receive, so the
/// AppHost reaches the cluster exactly as they do (SASL, TLS, extra librdkafka properties). Uses only metadata and
/// CreateTopics: never ListConsumerGroups, which crashes clients of the embedded broker.</summary>
public sealed partial class KafkaHealthCheck(
    string connectionName,
    Func<CancellationToken, ValueTask<string?>> connectionString,
    IReadOnlyDictionary<string, string> clientSettings,
    IReadOnlyList<KafkaTopic> topics,
    bool createMissingTopics,
    IMeterFactory meterFactory,
    ILogger<KafkaHealthCheck> logger) : IHealthCheck, IDisposable
{
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _connectionString;
    private KafkaClientFactory? _factory;
    private IAdminClient? _admin;
    private string? _lastReported;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await CheckAsync(cancellationToken).ConfigureAwait(false);
            Report(result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The factory for the connection string as last resolved (null until it is known): the one the AppHost
    /// checks with, built from the same configuration every service gets.</summary>
    public KafkaClientFactory? Factory => _factory;

    /// <summary>The configuration a service sees for Kafka: <c>ConnectionStrings:{name}</c> and the forwarded settings.</summary>
    public static IConfiguration ServiceConfiguration(string connectionName, string connectionString, IReadOnlyDictionary<string, string> clientSettings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(clientSettings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .AddInMemoryCollection([new($"ConnectionStrings:{connectionName}", connectionString)])
            .Build();

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        string? value;
        try
        {
            value = await connectionString(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The Kafka connection string is not known yet: {ex.Message}");
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            return HealthCheckResult.Unhealthy($"The Kafka connection string (ConnectionStrings:{connectionName}) is not known yet");
        }

        IAdminClient admin;
        try
        {
            admin = AdminFor(value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KafkaException or ArgumentException)
        {
            return HealthCheckResult.Unhealthy($"No Kafka client can be built: {ex.Message}", ex);
        }

        var bootstrap = _factory!.BootstrapServers;
        var data = new Dictionary<string, object> { ["bootstrapServers"] = bootstrap };
        try
        {
            var metadata = await GetMetadataAsync(admin, cancellationToken).ConfigureAwait(false);
            data["brokers"] = metadata.Brokers.Count;
            var cluster = Topics(metadata);

            var failedToCreate = new List<string>();
            var missing = KafkaTopicCheck.Missing(topics, cluster);
            if (missing.Count > 0 && createMissingTopics)
            {
                failedToCreate.AddRange(await CreateAsync(admin, missing, metadata.Brokers.Count).ConfigureAwait(false));
                cluster = Topics(await GetMetadataAsync(admin, cancellationToken).ConfigureAwait(false));
            }

            var problems = KafkaTopicCheck.Problems(topics, cluster).Concat(failedToCreate).ToList();
            return problems.Count == 0
                ? HealthCheckResult.Healthy($"Kafka at {bootstrap}: {metadata.Brokers.Count} broker(s), topics ready", data)
                : HealthCheckResult.Unhealthy($"Kafka at {bootstrap}: {string.Join("; ", problems)}", data: data);
        }
        catch (Exception ex) when (ex is KafkaException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Kafka at {bootstrap} does not answer: {ex.Message}", ex, data);
        }
    }

    private IAdminClient AdminFor(string value)
    {
        if (_admin is not null && _connectionString == value)
        {
            return _admin;
        }

        _admin?.Dispose();
        _admin = null;
        // Errors reach the health description; librdkafka's own retry chatter would only repeat them in the AppHost's log.
        _factory = new KafkaClientFactory(connectionName, ServiceConfiguration(connectionName, value, clientSettings),
            NullLoggerFactory.Instance, new KafkaClientMetrics(meterFactory));
        var config = _factory.CreateAdminConfig();
        config.SocketTimeoutMs ??= (int)MetadataTimeout.TotalMilliseconds;
        _admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        _connectionString = value;
        return _admin;
    }

    private static async Task<Metadata> GetMetadataAsync(IAdminClient admin, CancellationToken cancellationToken) =>
        await Task.Run(() => admin.GetMetadata(MetadataTimeout), cancellationToken)
            .WaitAsync(MetadataTimeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);

    private static List<KafkaTopicCheck.ClusterTopic> Topics(Metadata metadata) =>
        [.. metadata.Topics.Select(t => new KafkaTopicCheck.ClusterTopic(t.Topic, t.Partitions.Count, t.Error.IsError ? t.Error.Code.ToString() : null))];

    /// <summary>Creates the missing topics; returns a problem line per topic that could not be created.</summary>
    private static async Task<IReadOnlyList<string>> CreateAsync(IAdminClient admin, IReadOnlyList<KafkaTopic> missing, int brokers)
    {
        try
        {
            await admin.CreateTopicsAsync(missing.Select(t => new TopicSpecification
            {
                Name = t.Name,
                NumPartitions = t.Partitions,
                ReplicationFactor = (short)Math.Clamp(brokers, 1, 3),
            })).ConfigureAwait(false);
            return [];
        }
        catch (CreateTopicsException ex)
        {
            return [.. ex.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
                .Select(r => $"topic '{r.Topic}' could not be created: {r.Error.Reason}")];
        }
        catch (KafkaException ex)
        {
            return [.. missing.Select(t => $"topic '{t.Name}' could not be created: {ex.Error.Reason}")];
        }
    }

    private void Report(HealthCheckResult result)
    {
        var line = $"{result.Status}: {result.Description}";
        if (line == _lastReported)
        {
            return;
        }

        _lastReported = line;
        if (result.Status == HealthStatus.Healthy)
        {
            LogHealthy(connectionName, result.Description);
        }
        else
        {
            LogUnhealthy(connectionName, result.Description);
        }
    }

    [LoggerMessage(LogLevel.Information, "Kafka '{Name}' healthy: {Description}")]
    private partial void LogHealthy(string name, string? description);

    [LoggerMessage(LogLevel.Warning, "Kafka '{Name}' not ready: {Description}")]
    private partial void LogUnhealthy(string name, string? description);

    public void Dispose()
    {
        _admin?.Dispose();
        _admin = null;
        _gate.Dispose();
    }
}
