using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrdersAspire.EmbeddedKafka.Mock;

namespace OrdersAspire.EmbeddedKafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster (in memory, Kafka protocol on random loopback ports),
/// with fault injection. Each instance is an independent cluster, so every test can own one.
/// Thread-safe; <see cref="Dispose"/> destroys the cluster and is idempotent.
/// </summary>
public sealed unsafe partial class MockKafkaCluster : IDisposable
{
    /// <summary>Upper bound accepted for <see cref="Start"/>'s broker count.</summary>
    public const int MaxBrokers = 100;

    /// <summary>Upper bound accepted for a topic's partition count.</summary>
    public const int MaxPartitions = 10_000;

    private readonly Lock gate = new();
    private readonly ILogger logger;
    private readonly List<MockTopic> topics = [];
    private IntPtr handle;   // rd_kafka_t*: the producer handle that owns the mock cluster
    private IntPtr cluster;  // rd_kafka_mock_cluster_t*
    private GCHandle loggerHandle;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, GCHandle loggerHandle, ILogger logger, int brokers, string bootstrapServers)
    {
        this.handle = handle;
        this.cluster = cluster;
        this.loggerHandle = loggerHandle;
        this.logger = logger;
        BrokerCount = brokers;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated host:port list of the brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids are 1..<see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>Topics created through <see cref="CreateTopic"/>, in creation order.</summary>
    public IReadOnlyList<MockTopic> Topics
    {
        get
        {
            lock (gate)
            {
                return [.. topics];
            }
        }
    }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (gate)
            {
                return cluster == IntPtr.Zero;
            }
        }
    }

    /// <summary>Starts a new cluster of <paramref name="brokers"/> brokers (ids 1..n, broker 1 the controller).</summary>
    /// <param name="brokers">Number of brokers, 1..<see cref="MaxBrokers"/>.</param>
    /// <param name="logger">Receives librdkafka's log lines about the cluster; none are printed when null.</param>
    public static MockKafkaCluster Start(int brokers = 3, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, MaxBrokers);
        logger ??= NullLogger.Instance;

        RdKafkaLibrary.EnsureLoaded();
        var loggerHandle = GCHandle.Alloc(logger);
        var handle = IntPtr.Zero;
        try
        {
            handle = CreateHandle(loggerHandle);
            var cluster = RdKafkaNative.MockClusterNew(handle, brokers);
            if (cluster == IntPtr.Zero)
            {
                throw new InvalidOperationException($"rd_kafka_mock_cluster_new failed to create {brokers} brokers.");
            }

            // Without a controller, requests that need one (DescribeCluster, DescribeTopics) fail.
            RdKafkaNative.MockSetControllerId(cluster, 1);
            var bootstrap = Marshal.PtrToStringUTF8(RdKafkaNative.MockClusterBootstraps(cluster));
            if (string.IsNullOrEmpty(bootstrap))
            {
                RdKafkaNative.MockClusterDestroy(cluster);
                throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
            }

            LogStarted(logger, brokers, bootstrap, RdKafkaLibrary.Path);
            return new MockKafkaCluster(handle, cluster, loggerHandle, logger, brokers, bootstrap);
        }
        catch
        {
            if (handle != IntPtr.Zero)
            {
                RdKafkaNative.Destroy(handle);
            }

            loggerHandle.Free();
            throw;
        }
    }

    /// <summary>Creates a topic (through the mock API: the mock refuses the CreateTopics request).</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        if (!KafkaTopicName.IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid topic name: 1..{KafkaTopicName.MaxLength} characters of [a-zA-Z0-9._-], not '.' or '..'.",
                nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, MaxPartitions);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);

        lock (gate)
        {
            ThrowIfDisposed();
            if (topics.Any(t => t.Name == name))
            {
                throw new ArgumentException($"Topic '{name}' already exists.", nameof(name));
            }

            Check(RdKafkaNative.MockTopicCreate(cluster, name, partitions, replicationFactor), $"create topic '{name}'");
            topics.Add(new MockTopic(name, partitions, replicationFactor));
        }
    }

    /// <summary>Disconnects the broker and refuses new connections (no leader change happens).</summary>
    public void SetBrokerDown(int brokerId) =>
        BrokerOperation(brokerId, "set down", () => RdKafkaNative.MockBrokerSetDown(cluster, brokerId));

    /// <summary>Accepts connections to the broker again.</summary>
    public void SetBrokerUp(int brokerId) =>
        BrokerOperation(brokerId, "set up", () => RdKafkaNative.MockBrokerSetUp(cluster, brokerId));

    /// <summary>Delays every response of the broker by <paramref name="rtt"/> (millisecond precision; zero removes it).</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt)
    {
        var milliseconds = ToMilliseconds(rtt, nameof(rtt));
        BrokerOperation(brokerId, "set rtt", () => RdKafkaNative.MockBrokerSetRtt(cluster, brokerId, milliseconds));
    }

    /// <summary>
    /// Makes the next requests with <paramref name="apiKey"/> (to any broker) fail, one per error, in order.
    /// <see cref="ErrorCode.NoError"/> lets one request through. Only broker error codes (≥ 0) are allowed.
    /// </summary>
    public void PushRequestErrors(short apiKey, IReadOnlyList<ErrorCode> errors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        var codes = new int[errors.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            if ((int)errors[i] < 0)
            {
                throw new ArgumentException(
                    $"{errors[i]} is a local client error, not an error a broker can return.", nameof(errors));
            }

            codes[i] = (int)errors[i];
        }

        lock (gate)
        {
            ThrowIfDisposed();
            fixed (int* first = codes)
            {
                RdKafkaNative.MockPushRequestErrorsArray(cluster, apiKey, (nuint)codes.Length, first);
            }
        }
    }

    /// <summary>Drops the errors pushed for <paramref name="apiKey"/> that were not consumed yet.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        lock (gate)
        {
            ThrowIfDisposed();
            RdKafkaNative.MockClearRequestErrors(cluster, apiKey);
        }
    }

    /// <summary>Makes <paramref name="brokerId"/> the coordinator of a group or transactional id.</summary>
    /// <param name="keyType">"group" or "transaction".</param>
    public void SetCoordinator(string keyType, string key, int brokerId)
    {
        if (keyType is not ("group" or "transaction"))
        {
            throw new ArgumentException($"Key type must be 'group' or 'transaction', not '{keyType}'.", nameof(keyType));
        }

        ArgumentException.ThrowIfNullOrEmpty(key);
        BrokerOperation(brokerId, $"become coordinator of {keyType} '{key}'",
            () => RdKafkaNative.MockCoordinatorSet(cluster, keyType, key, brokerId));
    }

    /// <summary>Moves the leadership of one partition to <paramref name="brokerId"/>.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var known = Topics.FirstOrDefault(t => t.Name == topic)
            ?? throw new ArgumentException($"Topic '{topic}' was not created on this cluster.", nameof(topic));
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, known.Partitions);
        BrokerOperation(brokerId, $"lead {topic}[{partition}]",
            () => RdKafkaNative.MockPartitionSetLeader(cluster, topic, partition, brokerId));
    }

    /// <summary>How long the mock waits for more members before the first rebalance of a classic group (default 3 s).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        var milliseconds = ToMilliseconds(delay, nameof(delay));
        lock (gate)
        {
            ThrowIfDisposed();
            RdKafkaNative.MockGroupInitialRebalanceDelayMs(cluster, milliseconds);
        }
    }

    /// <summary>Session timeout of KIP-848 (<c>group.protocol=consumer</c>) groups, which clients may not set themselves.</summary>
    public void SetGroupConsumerSessionTimeout(TimeSpan timeout)
    {
        var milliseconds = ToMilliseconds(timeout, nameof(timeout));
        ArgumentOutOfRangeException.ThrowIfZero(milliseconds, nameof(timeout));
        lock (gate)
        {
            ThrowIfDisposed();
            RdKafkaNative.MockSetGroupConsumerSessionTimeoutMs(cluster, milliseconds);
        }
    }

    /// <summary>Heartbeat interval of KIP-848 (<c>group.protocol=consumer</c>) groups, which clients may not set themselves.</summary>
    public void SetGroupConsumerHeartbeatInterval(TimeSpan interval)
    {
        var milliseconds = ToMilliseconds(interval, nameof(interval));
        ArgumentOutOfRangeException.ThrowIfZero(milliseconds, nameof(interval));
        lock (gate)
        {
            ThrowIfDisposed();
            RdKafkaNative.MockSetGroupConsumerHeartbeatIntervalMs(cluster, milliseconds);
        }
    }

    /// <summary>The librdkafka name of an error code (e.g. 27 → "REBALANCE_IN_PROGRESS").</summary>
    public static string ErrorName(ErrorCode code)
    {
        RdKafkaLibrary.EnsureLoaded();
        return Marshal.PtrToStringUTF8(RdKafkaNative.ErrorToName((int)code)) ?? code.ToString();
    }

    /// <summary>Destroys the cluster (closing its listeners) and then the handle that owned it.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (cluster == IntPtr.Zero)
            {
                return;
            }

            RdKafkaNative.MockClusterDestroy(cluster);
            cluster = IntPtr.Zero;
            RdKafkaNative.Destroy(handle); // joins librdkafka's threads: no log callback can run after this
            handle = IntPtr.Zero;
            loggerHandle.Free();
            LogDestroyed(logger, BootstrapServers);
        }
    }

    private static IntPtr CreateHandle(GCHandle loggerHandle)
    {
        var conf = RdKafkaNative.ConfNew();
        const int errorSize = 512;
        var error = stackalloc byte[errorSize];
        try
        {
            // The handle only hosts the cluster: it never talks to a broker itself.
            SetConf(conf, "client.id", "embedded-kafka-mock-owner", error, errorSize);
            SetConf(conf, "log.connection.close", "false", error, errorSize);
            RdKafkaNative.ConfSetOpaque(conf, GCHandle.ToIntPtr(loggerHandle));
            RdKafkaNative.ConfSetLogCallback(conf, NativeLog.Callback);
            var rk = RdKafkaNative.New(RdKafkaNative.ProducerType, conf, error, errorSize);
            if (rk == IntPtr.Zero)
            {
                throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((IntPtr)error)}");
            }

            conf = IntPtr.Zero; // owned by rk now
            return rk;
        }
        finally
        {
            if (conf != IntPtr.Zero)
            {
                RdKafkaNative.ConfDestroy(conf);
            }
        }
    }

    private static void SetConf(IntPtr conf, string name, string value, byte* error, int errorSize)
    {
        if (RdKafkaNative.ConfSet(conf, name, value, error, (nuint)errorSize) != RdKafkaNative.ConfOk)
        {
            throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {Marshal.PtrToStringUTF8((IntPtr)error)}");
        }
    }

    private void BrokerOperation(int brokerId, string what, Func<int> operation)
    {
        if (brokerId < 1 || brokerId > BrokerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"Broker ids are 1..{BrokerCount}.");
        }

        lock (gate)
        {
            ThrowIfDisposed();
            Check(operation(), $"broker {brokerId} {what}");
        }
    }

    private static int ToMilliseconds(TimeSpan value, string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromMilliseconds(int.MaxValue), parameterName);
        return (int)Math.Round(value.TotalMilliseconds);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"Mock cluster could not {what}: {ErrorName((ErrorCode)error)}"));
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mock Kafka cluster started: {Brokers} brokers at {BootstrapServers} ({Library})")]
    private static partial void LogStarted(ILogger logger, int brokers, string bootstrapServers, string library);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mock Kafka cluster at {BootstrapServers} destroyed")]
    private static partial void LogDestroyed(ILogger logger, string bootstrapServers);
}
