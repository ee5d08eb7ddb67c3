using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.ServiceDefaults.Kafka;
using static OrdersAspire.ServiceDefaults.Tests.KafkaTestSupport;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public KafkaTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KafkaTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void A_producer_span_linked_to_its_creator_starts_a_trace_of_its_own_and_carries_that_trace()
    {
        var creator = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var ambient = new Activity("job").SetParentId(creator.TraceId, creator.SpanId, ActivityTraceFlags.Recorded).Start();
        var message = new Message<string, string> { Key = "k", Value = "{}" };

        using (var produce = KafkaTelemetry.StartProduce("orders", message, newTraceLinkedTo: creator))
        {
            Assert.NotNull(produce);
            Assert.Same(ambient, Activity.Current); // the message's trace is not made the caller's
            Assert.NotEqual(creator.TraceId, produce.TraceId);
            Assert.Equal(default, produce.ParentSpanId);
            Assert.Null(produce.Parent);
            var link = Assert.Single(produce.Links);
            Assert.Equal(creator, link.Context);
            Assert.True(message.Headers.TryGetLastBytes("traceparent", out var traceparent));
            Assert.Equal($"00-{produce.TraceId}-{produce.SpanId}-01", Encoding.UTF8.GetString(traceparent));
        }
    }

    [Fact]
    public async Task Consumer_process_span_is_a_child_of_the_producer_span_across_a_real_broker()
    {
        using var cluster = MockKafkaCluster.Start(1);
        var topic = UniqueName("trace");
        cluster.CreateTopic(topic, 1);

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var message = new Message<string, string> { Key = "order-42", Value = "{}" };
        Activity? produce;
        using (produce = KafkaTelemetry.StartProduce(topic, message, messageId: "m-42"))
        {
            var delivery = await producer.ProduceAsync(topic, message);
            KafkaTelemetry.RecordDelivery(produce, delivery);
        }

        Assert.NotNull(produce);
        Assert.True(message.Headers.TryGetLastBytes("traceparent", out var traceparent));
        Assert.Equal($"00-{produce.TraceId}-{produce.SpanId}-01", Encoding.UTF8.GetString(traceparent));
        Assert.Equal(ActivityKind.Producer, produce.Kind);
        Assert.Equal($"{topic} publish", produce.DisplayName);
        Assert.Equal("0", produce.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(0L, produce.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("order-42", produce.GetTagItem("messaging.kafka.message.key"));
        Assert.Equal("m-42", produce.GetTagItem("messaging.message.id"));
        Assert.Equal(ActivityStatusCode.Unset, produce.Status);

        var group = UniqueName("group");
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(15));
        Assert.NotNull(result);

        using var process = KafkaTelemetry.StartProcess(result, group);

        Assert.NotNull(process);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal($"{topic} process", process.DisplayName);
        Assert.Equal(produce.TraceId, process.TraceId);
        Assert.Equal(produce.SpanId, process.ParentSpanId);
        Assert.Equal(group, process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("0", process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(0L, process.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("order-42", process.GetTagItem("messaging.kafka.message.key"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Equal("kafka", process.GetTagItem("messaging.system"));
    }

    [Fact]
    public void Produce_creates_headers_and_replaces_stale_trace_headers()
    {
        var message = new Message<Null, string> { Value = "v" };
        using (var first = KafkaTelemetry.StartProduce("t", message))
        {
            Assert.NotNull(first);
        }

        using var second = KafkaTelemetry.StartProduce("t", message);

        Assert.NotNull(second);
        Assert.Single(message.Headers, h => h.Key == "traceparent");
        Assert.Equal(second.Context.SpanId, KafkaTelemetry.ExtractContext(message.Headers).SpanId);
        Assert.Null(second.GetTagItem("messaging.kafka.message.key"));
    }

    [Fact]
    public void Message_id_header_is_reported_and_baggage_travels_with_the_message()
    {
        var message = new Message<string, string> { Key = "k", Value = "v", Headers = [] };
        message.Headers.Add(KafkaTelemetry.MessageIdHeader, Encoding.UTF8.GetBytes("order-7"));
        var previousBaggage = OpenTelemetry.Baggage.Current;
        OpenTelemetry.Baggage.SetBaggage("tenant", "acme");
        Activity? produce;
        try
        {
            produce = KafkaTelemetry.StartProduce("orders", message);
            produce?.Stop();
        }
        finally
        {
            OpenTelemetry.Baggage.Current = previousBaggage;
        }

        Assert.Equal("order-7", produce?.GetTagItem("messaging.message.id"));
        Assert.True(message.Headers.TryGetLastBytes("baggage", out var baggage));
        Assert.Equal("tenant=acme", Encoding.UTF8.GetString(baggage));

        var consumed = new ConsumeResult<string, string>
        {
            Topic = "orders",
            Partition = new Partition(3),
            Offset = new Offset(17),
            Message = message,
        };
        using var process = KafkaTelemetry.StartProcess(consumed, "g");

        Assert.NotNull(process);
        Assert.Equal("order-7", process.GetTagItem("messaging.message.id"));
        Assert.Equal("acme", process.GetBaggageItem("tenant"));
        Assert.Equal("3", process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(17L, process.GetTagItem("messaging.kafka.offset"));
    }

    [Fact]
    public void Failed_delivery_marks_the_span_as_an_error()
    {
        var message = new Message<string, string> { Key = "k", Value = "v" };
        using var activity = KafkaTelemetry.StartProduce("orders", message);
        var error = new ProduceException<string, string>(
            new Error(ErrorCode.Local_MsgTimedOut, "Message timed out"),
            new DeliveryResult<string, string> { Topic = "orders", Message = message, Status = PersistenceStatus.NotPersisted });

        KafkaTelemetry.RecordDeliveryError(activity, error);

        Assert.NotNull(activity);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(nameof(ErrorCode.Local_MsgTimedOut), activity.GetTagItem("error.type"));
    }

    [Fact]
    public void Not_persisted_delivery_result_marks_the_span_as_an_error()
    {
        var message = new Message<string, string> { Key = "k", Value = "v" };
        using var activity = KafkaTelemetry.StartProduce("orders", message);

        KafkaTelemetry.RecordDelivery(activity, new DeliveryResult<string, string>
        {
            Topic = "orders",
            Partition = new Partition(1),
            Offset = Offset.Unset,
            Message = message,
            Status = PersistenceStatus.NotPersisted,
        });

        Assert.NotNull(activity);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public void Messages_without_trace_headers_start_a_new_trace()
    {
        Assert.Equal(default, KafkaTelemetry.ExtractContext(null));
        Assert.Equal(default, KafkaTelemetry.ExtractContext([]));

        var consumed = new ConsumeResult<string, string>
        {
            Topic = "orders",
            Partition = new Partition(0),
            Offset = new Offset(1),
            Message = new Message<string, string> { Key = "k", Value = "v" },
        };
        using var process = KafkaTelemetry.StartProcess(consumed, "g");

        Assert.NotNull(process);
        Assert.Equal(default, process.ParentSpanId);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", true)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02", true)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0f", false)]
    [InlineData("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", false)] // another version: parsed the long way
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0", false)]
    [InlineData("garbage", false)]
    public void The_sampled_bit_of_a_traceparent_is_read_from_its_bytes(string traceparent, bool unsampled)
    {
        Headers headers = [new Header("traceparent", Encoding.ASCII.GetBytes(traceparent))];

        Assert.Equal(unsampled, KafkaTelemetry.CarriesUnsampledTraceParent(headers));
    }

    [Fact]
    public void A_message_whose_trace_the_producer_did_not_sample_gets_no_process_span()
    {
        ConsumeResult<string, string> Consumed(string flags) => new()
        {
            Topic = "orders",
            Partition = new Partition(0),
            Offset = new Offset(1),
            Message = new Message<string, string>
            {
                Key = "k",
                Value = "v",
                Headers = [new Header("traceparent", Encoding.ASCII.GetBytes($"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-{flags}"))],
            },
        };

        using var unsampled = KafkaTelemetry.StartProcess(Consumed("00"), "g");
        using var sampled = KafkaTelemetry.StartProcess(Consumed("01"), "g");

        Assert.Null(unsampled);
        Assert.NotNull(sampled);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03")]
    public void A_lone_traceparent_is_read_as_the_propagator_reads_it(string traceparent)
    {
        var expected = ActivityContext.Parse(traceparent, null);

        var read = KafkaTelemetry.ExtractContext([new Header("traceparent", Encoding.ASCII.GetBytes(traceparent))]);

        Assert.Equal((expected.TraceId, expected.SpanId, expected.TraceFlags & ActivityTraceFlags.Recorded, true),
            (read.TraceId, read.SpanId, read.TraceFlags, read.IsRemote));
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    public void An_invalid_traceparent_carries_no_context(string traceparent)
    {
        Assert.Equal(default, KafkaTelemetry.ExtractContext([new Header("traceparent", Encoding.ASCII.GetBytes(traceparent))]));
    }
}
