using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Kafka client metrics on the <see cref="KafkaTelemetry.MeterName"/> meter: the latest librdkafka statistics
/// of every client in the process (kept per client name, so clients never overwrite each other) exposed as
/// observable instruments, plus counters of client errors and consumer heartbeat failures.
/// </summary>
public sealed class KafkaClientMetrics
{
    /// <summary>Instrument names (OpenTelemetry style, one <c>kafka.</c> prefix).</summary>
    public static class Names
    {
        public const string ReplyQueue = "kafka.client.reply_queue";
        public const string QueueMessages = "kafka.client.queue.messages";
        public const string QueueSize = "kafka.client.queue.size";
        public const string RequestsSent = "kafka.client.requests.sent";
        public const string BytesSent = "kafka.client.sent.bytes";
        public const string ResponsesReceived = "kafka.client.responses.received";
        public const string BytesReceived = "kafka.client.received.bytes";
        public const string MessagesSent = "kafka.client.messages.sent";
        public const string MessageBytesSent = "kafka.client.messages.sent.bytes";
        public const string MessagesReceived = "kafka.client.messages.received";
        public const string MessageBytesReceived = "kafka.client.messages.received.bytes";
        public const string BrokerRttAverage = "kafka.client.broker.rtt.average";
        public const string ConsumerLag = "kafka.consumer.lag";
        public const string Errors = "kafka.client.errors";
        public const string HeartbeatFailures = "kafka.consumer.heartbeat.failures";
    }

    /// <summary>Tag names; OpenTelemetry messaging attributes where one exists.</summary>
    public static class Tags
    {
        public const string MessagingSystem = "messaging.system";
        public const string ClientId = "messaging.client.id";
        public const string ClientName = "kafka.client.name";
        public const string ClientType = "kafka.client.type";
        public const string ConsumerGroup = "messaging.consumer.group.name";
        public const string Topic = "messaging.destination.name";
        public const string Partition = "messaging.destination.partition.id";
        public const string Broker = "kafka.broker.name";
        public const string ErrorType = "error.type";
        public const string Reason = "kafka.heartbeat.failure.reason";
    }

    /// <summary>Statistics of a client that stopped reporting are dropped after this long.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, ClientState> _clients = new(StringComparer.Ordinal);
    private readonly Counter<long> _errors;
    private readonly Counter<long> _heartbeatFailures;
    private readonly TimeProvider _time;

    public KafkaClientMetrics(IMeterFactory meterFactory)
        : this(meterFactory, TimeProvider.System)
    {
    }

    public KafkaClientMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(KafkaTelemetry.MeterName);

        meter.CreateObservableGauge(Names.ReplyQueue, () => Observe(s => s.ReplyQueue), "{operation}",
            "Operations (callbacks, events) waiting in the client's queue for the application to serve with poll");
        meter.CreateObservableGauge(Names.QueueMessages, () => Observe(s => s.MessageCount), "{message}",
            "Messages currently in the producer queues");
        meter.CreateObservableGauge(Names.QueueSize, () => Observe(s => s.MessageSize), "By",
            "Total size of the messages currently in the producer queues");

        meter.CreateObservableCounter(Names.RequestsSent, () => Observe(s => s.Tx), "{request}",
            "Requests sent to Kafka brokers");
        meter.CreateObservableCounter(Names.BytesSent, () => Observe(s => s.TxBytes), "By",
            "Bytes sent to Kafka brokers");
        meter.CreateObservableCounter(Names.ResponsesReceived, () => Observe(s => s.Rx), "{response}",
            "Responses received from Kafka brokers");
        meter.CreateObservableCounter(Names.BytesReceived, () => Observe(s => s.RxBytes), "By",
            "Bytes received from Kafka brokers");
        meter.CreateObservableCounter(Names.MessagesSent, () => Observe(s => s.TxMessages), "{message}",
            "Messages produced to Kafka brokers");
        meter.CreateObservableCounter(Names.MessageBytesSent, () => Observe(s => s.TxMessageBytes), "By",
            "Message bytes (with framing) produced to Kafka brokers");
        meter.CreateObservableCounter(Names.MessagesReceived, () => Observe(s => s.RxMessages), "{message}",
            "Messages consumed from Kafka brokers, not counting ignored ones");
        meter.CreateObservableCounter(Names.MessageBytesReceived, () => Observe(s => s.RxMessageBytes), "By",
            "Message bytes (with framing) consumed from Kafka brokers");

        meter.CreateObservableGauge(Names.BrokerRttAverage, ObserveBrokerRtt, "s",
            "Average request round-trip time to each broker over the last statistics window");
        meter.CreateObservableGauge(Names.ConsumerLag, ObserveConsumerLag, "{message}",
            "Messages between the consumer's position and the partition's high watermark, per assigned partition");

        _errors = meter.CreateCounter<long>(Names.Errors, "{error}", "Errors reported by Kafka clients, by error code");
        _heartbeatFailures = meter.CreateCounter<long>(Names.HeartbeatFailures, "{failure}",
            "Consumer group heartbeat failures and session time-outs, by consumer group");
    }

    /// <summary>Number of clients whose statistics are currently held.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Stores a client's latest statistics; <paramref name="consumerGroup"/> tags its lag.</summary>
    public void Record(KafkaStatistics statistics, string? consumerGroup = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var now = _time.GetTimestamp();
        _clients[statistics.Name] = new ClientState(statistics, consumerGroup, now);

        foreach (var (name, state) in _clients)
        {
            if (_time.GetElapsedTime(state.UpdatedAt, now) > StaleAfter)
            {
                _clients.TryRemove(name, out _);
            }
        }
    }

    /// <summary>Counts a client error (tagged with its code) and, when it is one, a heartbeat failure.</summary>
    public void RecordError(string clientName, string clientType, Error error, string? consumerGroup = null)
    {
        var tags = new TagList
        {
            { Tags.MessagingSystem, "kafka" },
            { Tags.ClientName, clientName },
            { Tags.ClientType, clientType },
            { Tags.ErrorType, error.Code.ToString() },
        };
        _errors.Add(1, tags);

        if (KafkaHeartbeatFailure.Classify(error) is { } reason)
        {
            RecordHeartbeatFailure(clientName, consumerGroup, reason);
        }
    }

    /// <summary>Counts a heartbeat failure when the librdkafka log line reports one.</summary>
    public void RecordLog(string clientName, LogMessage log, string? consumerGroup = null)
    {
        if (KafkaHeartbeatFailure.Classify(log) is { } reason)
        {
            RecordHeartbeatFailure(clientName, consumerGroup, reason);
        }
    }

    public void RecordHeartbeatFailure(string clientName, string? consumerGroup, string reason)
    {
        _heartbeatFailures.Add(1, new TagList
        {
            { Tags.MessagingSystem, "kafka" },
            { Tags.ConsumerGroup, consumerGroup ?? "" },
            { Tags.ClientName, clientName },
            { Tags.Reason, reason },
        });
    }

    private IEnumerable<Measurement<long>> Observe(Func<KafkaStatistics, long> value)
    {
        foreach (var state in _clients.Values)
        {
            yield return new Measurement<long>(value(state.Statistics), ClientTags(state.Statistics));
        }
    }

    private IEnumerable<Measurement<double>> ObserveBrokerRtt()
    {
        foreach (var state in _clients.Values)
        {
            foreach (var broker in state.Statistics.Brokers)
            {
                var tags = ClientTags(state.Statistics);
                tags.Add(Tags.Broker, broker.Name);
                yield return new Measurement<double>(broker.RttAverage.TotalSeconds, tags);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveConsumerLag()
    {
        foreach (var state in _clients.Values)
        {
            foreach (var partition in state.Statistics.Partitions)
            {
                if (partition.ConsumerLag < 0)
                {
                    continue;
                }

                var tags = ClientTags(state.Statistics);
                tags.Add(Tags.ConsumerGroup, state.ConsumerGroup ?? "");
                tags.Add(Tags.Topic, partition.Topic);
                tags.Add(Tags.Partition, partition.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
                yield return new Measurement<long>(partition.ConsumerLag, tags);
            }
        }
    }

    private static TagList ClientTags(KafkaStatistics statistics) => new()
    {
        { Tags.MessagingSystem, "kafka" },
        { Tags.ClientId, statistics.ClientId },
        { Tags.ClientName, statistics.Name },
        { Tags.ClientType, statistics.Type },
    };

    private sealed record ClientState(KafkaStatistics Statistics, string? ConsumerGroup, long UpdatedAt);
}
