using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Builds Kafka client configurations and builders for one connection (<c>ConnectionStrings:{name}</c>),
/// with the <c>Aspire:Confluent:Kafka:Producer|Consumer</c> settings applied, and wires every client's
/// statistics, errors and logs into <see cref="ILogger"/> and <see cref="KafkaClientMetrics"/>.
/// </summary>
public sealed partial class KafkaClientFactory
{
    public const int DefaultStatisticsIntervalMs = 5000;
    public const string LogCategoryName = "OrdersAspire.Kafka";
    private const string StatisticsIntervalProperty = "statistics.interval.ms";

    private readonly ILogger _logger;
    private readonly KafkaClientMetrics _metrics;

    public KafkaClientFactory(string connectionName, IConfiguration configuration, ILoggerFactory loggerFactory, KafkaClientMetrics metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(metrics);

        ConnectionName = connectionName;
        ConnectionString = configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString && !string.IsNullOrWhiteSpace(connectionString)
            ? connectionString
            : throw new InvalidOperationException(
                $"Kafka connection string 'ConnectionStrings:{connectionName}' is missing or empty. Set it to the bootstrap servers " +
                $"(e.g. environment variable ConnectionStrings__{connectionName}=localhost:9092, or WithReference(kafka) in the AppHost).");

        // Parsed once here, so a malformed connection string stops the service at start with a message naming it.
        var probe = new ClientConfig();
        KafkaConnectionString.Apply(ConnectionString, probe, connectionName);
        BootstrapServers = probe.BootstrapServers!;

        ProducerSettings = KafkaClientSettings.Load(configuration, KafkaClientSettings.ProducerSectionName);
        ConsumerSettings = KafkaClientSettings.Load(configuration, KafkaClientSettings.ConsumerSectionName);
        _logger = loggerFactory.CreateLogger(LogCategoryName);
        _metrics = metrics;
    }

    public string ConnectionName { get; }

    public string BootstrapServers { get; }

    internal string ConnectionString { get; }

    public KafkaClientSettings ProducerSettings { get; }

    public KafkaClientSettings ConsumerSettings { get; }

    /// <summary>Bootstrap servers, the producer section's <c>Config</c>, and the statistics interval unless metrics are disabled.</summary>
    public ProducerConfig CreateProducerConfig()
    {
        var config = new ProducerConfig();
        Apply(config, ProducerSettings);
        return config;
    }

    /// <summary>Bootstrap servers, the consumer section's <c>Config</c>, and the statistics interval unless metrics are disabled.</summary>
    public ConsumerConfig CreateConsumerConfig()
    {
        var config = new ConsumerConfig();
        Apply(config, ConsumerSettings);
        return config;
    }

    /// <summary>
    /// Bootstrap servers and the producer section's <c>Config</c> (an admin client is a producer handle in
    /// librdkafka, so security settings configured there apply), without statistics.
    /// </summary>
    public AdminClientConfig CreateAdminConfig()
    {
        var config = new AdminClientConfig();
        foreach (var (key, value) in ProducerSettings.Config)
        {
            if (IsAdminProperty(key))
            {
                config.Set(key, value);
            }
        }

        KafkaConnectionString.Apply(ConnectionString, config, ConnectionName);
        return config;
    }

    /// <summary>
    /// A producer builder with statistics, error and log handlers set; <paramref name="onError"/> and
    /// <paramref name="onLog"/> run after the factory's own handling. librdkafka calls log handlers on its own
    /// threads, also while the client is being created or destroyed: <paramref name="onLog"/> must not use the
    /// client argument (read <see cref="LogMessage.Name"/> instead), and no handler may throw.
    /// </summary>
    public ProducerBuilder<TKey, TValue> CreateProducerBuilder<TKey, TValue>(
        ProducerConfig config,
        Action<IProducer<TKey, TValue>, Error>? onError = null,
        Action<IProducer<TKey, TValue>, LogMessage>? onLog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var builder = new ProducerBuilder<TKey, TValue>(config);

        builder.SetErrorHandler((producer, error) =>
        {
            HandleError(producer.Name, "producer", error, consumerGroup: null);
            onError?.Invoke(producer, error);
        });
        builder.SetLogHandler((producer, log) =>
        {
            HandleLog(log, consumerGroup: null);
            onLog?.Invoke(producer, log);
        });
        if (!ProducerSettings.DisableMetrics)
        {
            builder.SetStatisticsHandler((_, json) => HandleStatistics(json, consumerGroup: null));
        }

        return builder;
    }

    /// <summary>
    /// A consumer builder with statistics, error and log handlers set (see <see cref="CreateProducerBuilder{TKey,TValue}"/>
    /// for the rules on <paramref name="onError"/> and <paramref name="onLog"/>). Lag and heartbeat failures are
    /// tagged with the config's group id.
    /// </summary>
    public ConsumerBuilder<TKey, TValue> CreateConsumerBuilder<TKey, TValue>(
        ConsumerConfig config,
        Action<IConsumer<TKey, TValue>, Error>? onError = null,
        Action<IConsumer<TKey, TValue>, LogMessage>? onLog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var group = config.GroupId;
        var builder = new ConsumerBuilder<TKey, TValue>(config);

        builder.SetErrorHandler((consumer, error) =>
        {
            HandleError(consumer.Name, "consumer", error, group);
            onError?.Invoke(consumer, error);
        });
        builder.SetLogHandler((consumer, log) =>
        {
            HandleLog(log, group);
            onLog?.Invoke(consumer, log);
        });
        if (!ConsumerSettings.DisableMetrics)
        {
            builder.SetStatisticsHandler((_, json) => HandleStatistics(json, group));
        }

        return builder;
    }

    /// <summary>An admin client for <see cref="CreateAdminConfig"/>, its errors and logs going to the logger.</summary>
    public IAdminClient CreateAdminClient()
    {
        return new AdminClientBuilder(CreateAdminConfig())
            .SetErrorHandler((client, error) => HandleError(client.Name, "admin", error, consumerGroup: null))
            .SetLogHandler((_, log) => HandleLog(log, consumerGroup: null))
            .Build();
    }

    private void Apply(ClientConfig config, KafkaClientSettings settings)
    {
        foreach (var (key, value) in settings.Config)
        {
            config.Set(key, value);
        }

        // The connection string wins over a bootstrap list in Config, as in Aspire.Confluent.Kafka.
        KafkaConnectionString.Apply(ConnectionString, config, ConnectionName);

        if (!settings.DisableMetrics && config.Get(StatisticsIntervalProperty) is null)
        {
            config.Set(StatisticsIntervalProperty, DefaultStatisticsIntervalMs.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool IsAdminProperty(string key) =>
        key is "bootstrap.servers" or "client.id" or "debug" or "socket.timeout.ms" or "broker.address.family"
        || key.StartsWith("security.", StringComparison.Ordinal)
        || key.StartsWith("sasl.", StringComparison.Ordinal)
        || key.StartsWith("ssl.", StringComparison.Ordinal)
        || key.StartsWith("enable.ssl", StringComparison.Ordinal);

    private void HandleStatistics(string json, string? consumerGroup)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        try
        {
            _metrics.Record(KafkaStatistics.Parse(json), consumerGroup);
        }
        catch (JsonException exception)
        {
            LogBadStatistics(_logger, exception);
        }
    }

    private void HandleError(string clientName, string clientType, Error error, string? consumerGroup)
    {
        _metrics.RecordError(clientName, clientType, error, consumerGroup);
        var level = error.IsFatal ? LogLevel.Critical : error.IsLocalError ? LogLevel.Warning : LogLevel.Error;
        LogClientError(_logger, level, clientType, clientName, error.Code, error.Reason);
    }

    // librdkafka calls the log handler on its own threads, also while the client is being created or
    // destroyed: the client handle must not be touched there (LogMessage.Name carries the client's name).
    private void HandleLog(LogMessage log, string? consumerGroup)
    {
        _metrics.RecordLog(log.Name, log, consumerGroup);
        var level = (LogLevel)log.LevelAs(LogLevelType.MicrosoftExtensionsLogging);
        try
        {
            if (_logger.IsEnabled(level))
            {
                LogLibrdkafka(_logger, level, log.Name, log.Facility, log.Message);
            }
        }
        catch (ObjectDisposedException)
        {
            // A client that outlives the host logs while shutting down; an exception here would kill the process.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid librdkafka statistics payload ignored.")]
    private static partial void LogBadStatistics(ILogger logger, Exception exception);

    [LoggerMessage(Message = "Kafka {ClientType} {ClientName} error {ErrorCode}: {Reason}")]
    private static partial void LogClientError(ILogger logger, LogLevel level, string clientType, string clientName, ErrorCode errorCode, string reason);

    [LoggerMessage(Message = "librdkafka {ClientName} [{Facility}] {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, LogLevel level, string clientName, string facility, string message);
}
