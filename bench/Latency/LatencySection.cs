using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Pipeline;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.OrderProcessors.Store;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Latency;

/// <summary>Section 3: orders produced at 1,000/s; latency = the effect being durable in the SQLite store (the bench
/// handler's completion time) minus the producer's message timestamp. Baseline: a raw consume loop on the same
/// broker at the same rate (latency to the message being handed to the application). Warm-up: every run first sends one
/// probe order and waits until the group is assigned and has processed it (raw loop: consumed it); only the orders
/// produced after that are measured, so a late join or a slow first fetch is never counted.</summary>
public static class LatencySection
{
    private const int Rate = 1_000;
    private const string NoOpTopic = "bench-latency-noop";
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        using var broker = new BenchBroker("bench-latency");
        const string rawTopic = "bench-latency-raw";
        broker.Cluster.CreateTopic(rawTopic, broker.Partitions);
        var duration = options.LatencyDuration;
        var count = (int)(Rate * duration.TotalSeconds);

        var raw = await RawAsync(broker, rawTopic, count).ConfigureAwait(false);
        Console.WriteLine($"  latency raw: p50 {Stats.Percentile(raw.Latencies, 50):0.0} ms, p99 {Stats.Percentile(raw.Latencies, 99):0.0} ms");

        broker.Cluster.CreateTopic(NoOpTopic, broker.Partitions);
        var noop = await PipelineAsync(broker, NoOpTopic, "latency-noop", new NoOpOrderEffectStore(), count).ConfigureAwait(false);
        Console.WriteLine($"  latency pipeline, no-op store: p50 {Stats.Percentile(noop.Latencies, 50):0.0} ms, p99 {Stats.Percentile(noop.Latencies, 99):0.0} ms");

        var directory = Directory.CreateTempSubdirectory("bench-latency-").FullName;
        Result pipeline;
        try
        {
            await using var store = new SqliteOrderEffectStore($"Data Source={Path.Combine(directory, "latency")}");
            await store.InitializeAsync().ConfigureAwait(false);
            pipeline = await PipelineAsync(broker, broker.Topic, "latency-pipeline", store, count).ConfigureAwait(false);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
        Console.WriteLine($"  latency pipeline: p50 {Stats.Percentile(pipeline.Latencies, 50):0.0} ms, p99 {Stats.Percentile(pipeline.Latencies, 99):0.0} ms");

        var p99 = Stats.Percentile(pipeline.Latencies, 99);
        report.Line($"{N(count)} orders produced at {N(Rate)}/s (linger 5 ms, acks=all, as the load generator) for {duration.TotalSeconds:0} s to a " +
                    $"6-partition topic. Warm-up: each run first waits until its group is assigned and has processed one probe order (raw loop: " +
                    "consumed it); only orders produced after that are measured, and the table shows how many samples each run excluded. Latency = producer timestamp " +
                    "(CreateTime, ms resolution) → effect durable in the SQLite store (pipeline) or message returned by Consume (raw baseline); " +
                    "one clock, one process.")
            .Line()
            .Table(["run", "achieved produce rate /s", "samples", "warm-up samples excluded", "p50 ms", "p99 ms", "max ms"],
            [
                Row("raw consume loop (baseline)", raw),
                Row("pipeline, no-op store (tracing on)", noop),
                Row("pipeline, SQLite store (tracing on): the service", pipeline),
            ])
            .Line($"Ratios pipeline ÷ raw: p50 {F(Stats.Percentile(pipeline.Latencies, 50) / Stats.Percentile(raw.Latencies, 50), "0.00")}, " +
                  $"p99 {F(p99 / Stats.Percentile(raw.Latencies, 99), "0.00")}; no-op store ÷ raw: p99 " +
                  $"{F(Stats.Percentile(noop.Latencies, 99) / Stats.Percentile(raw.Latencies, 99), "0.00")} (what the store adds is the difference). " +
                  $"Tracing: {N(pipeline.Spans)} process spans ended in the SQLite run. " +
                  $"Both fetch with `fetch.wait.max.ms` = {EmbeddedClientSettings.FetchWaitMaxMs}, as the AppHost configures consumers of the embedded broker.");
        var p99Ratio = p99 / Stats.Percentile(raw.Latencies, 99);
        report.Goal("End-to-end p99: pipeline ÷ raw loop ≤ 1.25", $"{F(p99Ratio, "0.00")} ({F(p99)} ms vs {F(Stats.Percentile(raw.Latencies, 99))} ms)", p99Ratio <= 1.25);
        report.Goal("End-to-end p99 ≤ 50 ms at 1,000 orders/s", $"p99 {F(p99)} ms (p50 {F(Stats.Percentile(pipeline.Latencies, 50))}, max {F(pipeline.Latencies.Count == 0 ? double.NaN : pipeline.Latencies[^1])})", p99 <= 50);
    }

    private sealed record Result(IReadOnlyList<double> Latencies, double AchievedRate, long Excluded, long Spans = 0);

    /// <summary>Our pipeline on <paramref name="topic"/> with <paramref name="store"/>: starts it, waits for its partitions,
    /// then produces at the rate and collects every order's latency.</summary>
    private static async Task<Result> PipelineAsync(BenchBroker broker, string topic, string groupId, IOrderEffectStore store, int count)
    {
        var recorder = new CompletionRecorder(count + 1, recordLatencies: true) { LatencyFrom = long.MaxValue };
        await using var host = await PipelineHost.StartAsync(broker, groupId, store, recorder, topic).ConfigureAwait(false);
        await host.WaitForAssignmentAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await ProbeAsync(broker.Bootstrap, topic, count, () => recorder.Count > 0, groupId).ConfigureAwait(false);
        recorder.LatencyFrom = Stopwatch.GetTimestamp();
        var achieved = await ProduceAsync(broker.Bootstrap, topic, count).ConfigureAwait(false);
        var finished = await Task.WhenAny(recorder.Done, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
        if (finished != recorder.Done)
        {
            throw new TimeoutException($"the pipeline ({groupId}) applied {recorder.Count} of {count} orders");
        }

        var latencies = recorder.LatenciesMs();
        return new Result(latencies, achieved, recorder.Count - latencies.Count, host.Spans.Ended);
    }

    private static IReadOnlyList<string> Row(string name, Result r) =>
    [
        name, N(r.AchievedRate), N(r.Latencies.Count), N(r.Excluded), F(Stats.Percentile(r.Latencies, 50)), F(Stats.Percentile(r.Latencies, 99)),
        F(r.Latencies.Count == 0 ? double.NaN : r.Latencies[^1]),
    ];

    /// <summary>Produces <paramref name="count"/> orders at <see cref="Rate"/> per second on an elapsed-time schedule; returns the achieved rate.</summary>
    private static async Task<double> ProduceAsync(string bootstrap, string topic, int count)
    {
        using var producer = BenchOrders.Producer(bootstrap);
        var watch = Stopwatch.StartNew();
        var i = 0;
        while (i < count)
        {
            var due = Math.Min(count, (int)(watch.Elapsed.TotalSeconds * Rate) + 1);
            for (; i < due; i++)
            {
                producer.Produce(topic, BenchOrders.Message(i));
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
        var rate = count / watch.Elapsed.TotalSeconds;
        producer.Flush(TimeSpan.FromSeconds(30));
        return rate;
    }

    /// <summary>Warm-up: one probe order (index <paramref name="index"/>, outside the measured ones), then waits until
    /// <paramref name="processed"/> says the consumer has handled it.</summary>
    private static async Task ProbeAsync(string bootstrap, string topic, int index, Func<bool> processed, string who)
    {
        using (var producer = BenchOrders.Producer(bootstrap))
        {
            producer.Produce(topic, BenchOrders.Message(index));
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        var watch = Stopwatch.StartNew();
        while (!processed())
        {
            if (watch.Elapsed > WarmUpTimeout)
            {
                throw new TimeoutException($"{who}: the warm-up order was not processed within {WarmUpTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private static async Task<Result> RawAsync(BenchBroker broker, string topic, int count)
    {
        var latencies = new List<double>(count);
        var consumed = 0;
        using var assigned = new ManualResetEventSlim();
        var consuming = Task.Factory.StartNew(() =>
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
            {
                BootstrapServers = broker.Bootstrap,
                GroupId = "latency-raw",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                FetchWaitMaxMs = EmbeddedClientSettings.FetchWaitMaxMs,
            }).SetLogHandler((_, _) => { }).SetPartitionsAssignedHandler((_, _) => assigned.Set()).Build();
            consumer.Subscribe(topic);
            var deadline = Stopwatch.StartNew();
            // The first message consumed is the warm-up probe; every later one is measured.
            while (Volatile.Read(ref consumed) < count + 1 && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                if (Volatile.Read(ref consumed) > 0)
                {
                    latencies.Add((DateTime.UtcNow - result.Message.Timestamp.UtcDateTime).TotalMilliseconds);
                }

                Interlocked.Increment(ref consumed);
            }
            consumer.Close();
        }, TaskCreationOptions.LongRunning);
        if (!assigned.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("the raw consumer got no partitions within 60 s");
        }

        await ProbeAsync(broker.Bootstrap, topic, count, () => Volatile.Read(ref consumed) > 0, "the raw loop").ConfigureAwait(false);
        var achieved = await ProduceAsync(broker.Bootstrap, topic, count).ConfigureAwait(false);
        await consuming.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        latencies.Sort();
        return new Result(latencies, achieved, Volatile.Read(ref consumed) - latencies.Count);
    }
}
