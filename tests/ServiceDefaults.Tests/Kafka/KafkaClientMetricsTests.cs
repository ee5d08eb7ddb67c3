using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.ServiceDefaults.Kafka;
using static OrdersAspire.ServiceDefaults.Tests.KafkaTestSupport;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaClientMetricsTests
{
    [Fact]
    public void Statistics_become_gauges_and_counters_tagged_per_client_topic_and_partition()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new KafkaClientMetrics(meterFactory);
        using var recorder = new MeasurementRecorder(meterFactory);

        metrics.Record(KafkaStatistics.Parse(KafkaStatisticsTests.Sample), consumerGroup: "order-processors");
        var observed = recorder.Observe();

        Assert.Equal(4200, observed.Single(m => m.Instrument == KafkaClientMetrics.Names.MessagesReceived).Value);
        Assert.Equal(142, observed.Single(m => m.Instrument == KafkaClientMetrics.Names.RequestsSent).Value);
        Assert.Equal(980123, observed.Single(m => m.Instrument == KafkaClientMetrics.Names.BytesReceived).Value);
        Assert.Equal(3, observed.Single(m => m.Instrument == KafkaClientMetrics.Names.ReplyQueue).Value);
        Assert.Equal("order-processor", observed.Single(m => m.Instrument == KafkaClientMetrics.Names.ReplyQueue).Tags[KafkaClientMetrics.Tags.ClientId]);

        var lag = observed.Where(m => m.Instrument == KafkaClientMetrics.Names.ConsumerLag).ToList();
        Assert.Equal(2, lag.Count); // partition 2 is not assigned (lag -1)
        var partition0 = lag.Single(m => (string?)m.Tags[KafkaClientMetrics.Tags.Partition] == "0");
        Assert.Equal(150, partition0.Value);
        Assert.Equal("orders", partition0.Tags[KafkaClientMetrics.Tags.Topic]);
        Assert.Equal("order-processors", partition0.Tags[KafkaClientMetrics.Tags.ConsumerGroup]);

        var rtt = observed.Where(m => m.Instrument == KafkaClientMetrics.Names.BrokerRttAverage).ToList();
        Assert.Equal(2, rtt.Count);
        Assert.Equal(0.0015, rtt.Single(m => (string?)m.Tags[KafkaClientMetrics.Tags.Broker] == "127.0.0.1:40111/1").Value, 9);
    }

    [Fact]
    public void Clients_keep_separate_state()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new KafkaClientMetrics(meterFactory);
        using var recorder = new MeasurementRecorder(meterFactory);
        var sample = KafkaStatistics.Parse(KafkaStatisticsTests.Sample);

        metrics.Record(sample);
        metrics.Record(sample with { Name = "rdkafka#consumer-8", RxMessages = 10 });
        metrics.Record(sample with { RxMessages = 4300 }); // a newer document of the first client replaces its old one

        var received = recorder.Observe().Where(m => m.Instrument == KafkaClientMetrics.Names.MessagesReceived)
            .ToDictionary(m => (string)m.Tags[KafkaClientMetrics.Tags.ClientName]!, m => m.Value);
        Assert.Equal(2, metrics.ClientCount);
        Assert.Equal(4300, received["rdkafka#consumer-7"]);
        Assert.Equal(10, received["rdkafka#consumer-8"]);
    }

    [Fact]
    public void Errors_are_counted_by_code_and_heartbeat_failures_by_group()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new KafkaClientMetrics(meterFactory);
        using var recorder = new MeasurementRecorder(meterFactory);

        metrics.RecordError("rdkafka#consumer-1", "consumer", new Error(ErrorCode.Local_Transport, "Connection refused"), "g1");
        metrics.RecordError("rdkafka#consumer-1", "consumer", new Error(ErrorCode.UnknownMemberId, "Heartbeat failed: Broker: Unknown member"), "g1");
        metrics.RecordLog("rdkafka#consumer-1", new LogMessage("rdkafka#consumer-1", SyslogLevel.Warning, "SESSTMOUT", "Consumer group session timed out"), "g1");
        metrics.RecordLog("rdkafka#consumer-1", new LogMessage("rdkafka#consumer-1", SyslogLevel.Info, "CONFWARN", "unrelated"), "g1");

        var measurements = recorder.Recorded;
        var errors = measurements.Where(m => m.Instrument == KafkaClientMetrics.Names.Errors).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, m => (string?)m.Tags[KafkaClientMetrics.Tags.ErrorType] == nameof(ErrorCode.Local_Transport));
        var heartbeats = measurements.Where(m => m.Instrument == KafkaClientMetrics.Names.HeartbeatFailures).ToList();
        Assert.Equal(2, heartbeats.Count);
        Assert.All(heartbeats, m => Assert.Equal("g1", m.Tags[KafkaClientMetrics.Tags.ConsumerGroup]));
        Assert.Equal(["heartbeat", "session_timeout"], heartbeats.Select(m => (string)m.Tags[KafkaClientMetrics.Tags.Reason]!).Order());
    }

    [Fact]
    public async Task A_live_producer_reports_sent_messages_through_the_factory()
    {
        using var cluster = MockKafkaCluster.Start(1);
        var topic = UniqueName("metrics");
        cluster.CreateTopic(topic, 2);
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = cluster.BootstrapServers,
            ["Aspire:Confluent:Kafka:Producer:Config:statistics.interval.ms"] = "100",
        });
        builder.AddKafkaProducer<string, string>("kafka");
        using var host = builder.Build();
        using var recorder = new MeasurementRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();

        for (var i = 0; i < 5; i++)
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = "v" });
        }

        await Eventually.UntilAsync(
            () => recorder.Observe().Any(m => m.Instrument == KafkaClientMetrics.Names.MessagesSent
                && (string?)m.Tags[KafkaClientMetrics.Tags.ClientName] == producer.Name && m.Value >= 5),
            TimeSpan.FromSeconds(10),
            "kafka.client.messages.sent >= 5 for the producer");
        Assert.Contains(recorder.Observe(), m => m.Instrument == KafkaClientMetrics.Names.BrokerRttAverage);
    }

    [Fact]
    public async Task A_live_consumer_counts_a_heartbeat_rejected_by_the_broker()
    {
        using var cluster = MockKafkaCluster.Start(1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(100));
        var topic = UniqueName("heartbeat");
        var group = UniqueName("group");
        cluster.CreateTopic(topic, 1);
        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = cluster.BootstrapServers });
        builder.AddKafkaConsumer<string, string>("kafka", config =>
        {
            config.GroupId = group;
            config.Debug = "cgrp"; // librdkafka reports heartbeat error responses only as cgrp debug lines
            config.HeartbeatIntervalMs = 100;
            config.SessionTimeoutMs = 6000;
        });
        using var host = builder.Build();
        using var recorder = new MeasurementRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();
        consumer.Subscribe(topic);
        await Eventually.UntilAsync(() => { consumer.Consume(TimeSpan.FromMilliseconds(50)); return consumer.Assignment.Count > 0; },
            TimeSpan.FromSeconds(20), "the consumer to be assigned its partition");

        cluster.PushRequestErrors(12 /* Heartbeat */, [ErrorCode.RebalanceInProgress]);

        await Eventually.UntilAsync(
            () =>
            {
                consumer.Consume(TimeSpan.FromMilliseconds(50));
                return recorder.Recorded.Any(m => m.Instrument == KafkaClientMetrics.Names.HeartbeatFailures
                    && (string?)m.Tags[KafkaClientMetrics.Tags.ConsumerGroup] == group);
            },
            TimeSpan.FromSeconds(20),
            "kafka.consumer.heartbeat.failures for the group");
        Assert.Contains(recorder.Recorded, m => m.Instrument == KafkaClientMetrics.Names.HeartbeatFailures
            && (string?)m.Tags[KafkaClientMetrics.Tags.Reason] == "heartbeat");
        consumer.Close();
    }

    /// <summary>Listens to the Kafka meter of one <see cref="IMeterFactory"/> only (tests run in parallel).</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Recorded> _recorded = new();
        private List<Recorded>? _observing;

        public MeasurementRecorder(IMeterFactory meterFactory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == KafkaTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IReadOnlyList<Recorded> Recorded => _recorded.ToList();

        public IReadOnlyList<Recorded> Observe()
        {
            lock (_listener)
            {
                _observing = [];
                _listener.RecordObservableInstruments();
                var observed = _observing;
                _observing = null;
                return observed;
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var measurement = new Recorded(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
            if (instrument.IsObservable)
            {
                _observing?.Add(measurement);
            }
            else
            {
                _recorded.Enqueue(measurement);
            }
        }
    }

    private sealed record Recorded(string Instrument, double Value, Dictionary<string, object?> Tags);
}
