using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrdersAspire.Observability.Tests.Tracing;

/// <summary>One trace per order: its producer span starts the trace, linked to the job span (a child of the POST's
/// server span, in the caller's trace), and the processing span of that order in every consumer group is a child of
/// the producer span (W3C trace context carried in the Kafka headers), with the OpenTelemetry messaging attributes.</summary>
public sealed class TraceContinuityTests
{
    private static readonly string[] Groups = ["trace-order-processors", "trace-analytics"];
    private const int Orders = 12;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Each_order_is_one_trace_from_its_producer_span_linked_to_the_POST_to_the_processing_span_of_both_groups()
    {
        using var collector = new SpanCollector();
        await using var world = TracedWorld.Create();
        using var cts = new CancellationTokenSource(Timeout);
        foreach (var group in Groups)
        {
            await world.StartConsumerAsync(group, cts.Token);
        }

        // The caller's trace context, as an instrumented client would send it.
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();
        using var client = world.LoadGenerator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/generate")
        {
            Content = new StringContent($$"""{"count":{{Orders}},"ratePerSecond":100}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await client.SendAsync(request, cts.Token);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cts.Token));

        // Wait (bounded) until every span of the run has ended: every group's processing span of every order, and the
        // producer and job spans, which end on delivery reports that may come back after the orders were processed.
        bool JobEnded() => collector.Spans.Any(s => s.Source.Name == "OrdersAspire.LoadGenerator" && s.OperationName == "generate orders" && s.TraceId == traceId);
        int Produced() => collector.Spans.Count(s => s.Kind == ActivityKind.Producer && Tag(s, "messaging.destination.name") == world.Topic);
        while (Groups.Any(g => ProcessSpans(collector, world.Topic, g).Count < Orders) || Produced() < Orders || !JobEnded())
        {
            Assert.False(cts.IsCancellationRequested,
                $"Within {Timeout.TotalSeconds} s: " + string.Join(", ", Groups.Select(g => $"{g} {ProcessSpans(collector, world.Topic, g).Count}/{Orders} processing spans"))
                + $", {Produced()}/{Orders} producer spans, job span {(JobEnded() ? "ended" : "not ended")}");
            await Task.Delay(100, CancellationToken.None);
        }

        var spans = collector.Spans;
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.TraceId == traceId);
        Assert.Equal(callerSpanId, server.ParentSpanId);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));

        var job = Assert.Single(spans, s => s.Source.Name == "OrdersAspire.LoadGenerator" && s.OperationName == "generate orders" && s.TraceId == traceId);
        Assert.Equal(server.SpanId, job.ParentSpanId);

        var producers = spans.Where(s => s.Kind == ActivityKind.Producer && Tag(s, "messaging.destination.name") == world.Topic).ToList();
        Assert.Equal(Orders, producers.Count);
        Assert.Equal(Orders, producers.Select(p => Tag(p, "messaging.message.id")).Distinct().Count());
        Assert.Equal(Orders, producers.Select(p => p.TraceId).Distinct().Count()); // one trace per order
        foreach (var producer in producers)
        {
            Assert.NotEqual(traceId, producer.TraceId);
            Assert.Equal(default, producer.ParentSpanId); // the order's trace starts here…
            var link = Assert.Single(producer.Links);     // …linked to the job that made it
            Assert.Equal(traceId, link.Context.TraceId);
            Assert.Equal(job.SpanId, link.Context.SpanId);
            Assert.Equal("kafka", Tag(producer, "messaging.system"));
            Assert.NotNull(Tag(producer, "messaging.message.id"));
            Assert.NotNull(Tag(producer, "messaging.destination.partition.id"));
            Assert.NotNull(Tag(producer, "messaging.kafka.offset"));
        }

        foreach (var group in Groups)
        {
            var processed = ProcessSpans(collector, world.Topic, group);
            foreach (var producer in producers)
            {
                var orderId = Tag(producer, "messaging.message.id");
                var consumer = Assert.Single(processed, s => Tag(s, "messaging.message.id") == orderId);
                Assert.Equal(producer.TraceId, consumer.TraceId);
                Assert.Equal(producer.SpanId, consumer.ParentSpanId);
                Assert.Equal($"{world.Topic} process", consumer.DisplayName);
                Assert.Equal("kafka", Tag(consumer, "messaging.system"));
                Assert.Equal("process", Tag(consumer, "messaging.operation.type"));
                Assert.Equal(world.Topic, Tag(consumer, "messaging.destination.name"));
                Assert.Equal(group, Tag(consumer, "messaging.consumer.group.name"));
                Assert.Equal(Tag(producer, "messaging.destination.partition.id"), Tag(consumer, "messaging.destination.partition.id"));
                Assert.Equal(Tag(producer, "messaging.kafka.offset"), Tag(consumer, "messaging.kafka.offset"));
                Assert.Equal(ActivityStatusCode.Unset, consumer.Status);
            }
            Assert.Equal(producers.Select(p => Tag(p, "messaging.message.id")).Order(), world.Applied[group].Ids.Keys.Order());
        }
    }

    [Fact]
    public async Task A_dead_lettered_orders_trace_goes_on_to_the_dead_letter_topic()
    {
        using var collector = new SpanCollector();
        await using var world = TracedWorld.Create();
        using var cts = new CancellationTokenSource(Timeout);
        const string group = "trace-dead-letters";
        await world.StartConsumerAsync(group, cts.Token);

        // A message that can never be processed, carrying its producer's trace context.
        var traceId = ActivityTraceId.CreateRandom();
        var producerSpanId = ActivitySpanId.CreateRandom();
        using (var producer = new Confluent.Kafka.ProducerBuilder<string, string>(new Confluent.Kafka.ProducerConfig { BootstrapServers = world.Cluster.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(world.Topic, new Confluent.Kafka.Message<string, string>
            {
                Key = "customer-1",
                Value = "{ not json",
                Headers = new Confluent.Kafka.Headers { { "traceparent", System.Text.Encoding.UTF8.GetBytes($"00-{traceId}-{producerSpanId}-01") } },
            }, cts.Token);
        }

        // The dead letter's publish span ends before the processing span it belongs to: wait for both.
        Activity? deadLetter = null;
        while ((deadLetter = collector.Spans.FirstOrDefault(s => s.Kind == ActivityKind.Producer && Tag(s, "messaging.destination.name") == world.DeadLetterTopic)) is null
            || ProcessSpans(collector, world.Topic, group).Count == 0)
        {
            Assert.False(cts.IsCancellationRequested, $"no publish span to {world.DeadLetterTopic} within {Timeout.TotalSeconds} s; spans: " +
                string.Join("; ", collector.Spans.Select(s => $"{s.Kind} {s.DisplayName} {s.Status} {s.StatusDescription}")));
            await Task.Delay(100, CancellationToken.None);
        }

        var process = Assert.Single(ProcessSpans(collector, world.Topic, group));
        Assert.Equal(traceId, process.TraceId);
        Assert.Equal(producerSpanId, process.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal(traceId, deadLetter.TraceId);
        Assert.Equal(process.SpanId, deadLetter.ParentSpanId);
        Assert.Equal($"{world.DeadLetterTopic} publish", deadLetter.DisplayName);
        Assert.NotNull(Tag(deadLetter, "ordersaspire.dead_letter.reason"));
        Assert.NotNull(Tag(deadLetter, "messaging.kafka.offset"));

        // The dead letter carries the publish span's context, so whoever consumes it continues the order's trace.
        using var reader = new Confluent.Kafka.ConsumerBuilder<byte[]?, byte[]?>(new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = world.Cluster.BootstrapServers,
            GroupId = "dlt-reader-" + Guid.NewGuid().ToString("N")[..8],
            EnableAutoCommit = false,
        }).Build();
        reader.Assign(new Confluent.Kafka.TopicPartitionOffset(world.DeadLetterTopic, 0, Confluent.Kafka.Offset.Beginning));
        var dead = reader.Consume(TimeSpan.FromSeconds(15));
        Assert.NotNull(dead);
        Assert.True(dead.Message.Headers.TryGetLastBytes("traceparent", out var traceparent));
        Assert.Equal($"00-{traceId}-{deadLetter.SpanId}-01", System.Text.Encoding.UTF8.GetString(traceparent));
    }

    private static List<Activity> ProcessSpans(SpanCollector collector, string topic, string group) =>
        [.. collector.Spans.Where(s => s.Kind == ActivityKind.Consumer
            && Tag(s, "messaging.destination.name") == topic
            && Tag(s, "messaging.consumer.group.name") == group)];

    private static string? Tag(Activity span, string name) =>
        span.GetTagItem(name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
