using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using OrdersAspire.Bench.Orders;
using OrdersAspire.Bench.Pipeline;
using OrdersAspire.Bench.Reporting;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.OrderProcessors.Store;
using static OrdersAspire.Bench.Reporting.SectionReport;

namespace OrdersAspire.Bench.Throughput;

/// <summary>Section 1: one pre-filled topic on one embedded broker, read from the start by fresh groups, in rounds:
/// a raw Confluent.Kafka consume loop (the baseline), our pipeline with a no-op store, our pipeline with the SQLite
/// store. Rate = orders ÷ (first message → last message), so the group join is not counted for anyone.</summary>
public static class ThroughputSection
{
    private const string Topic = "bench-throughput";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var orders = options.ThroughputOrders;
        using var broker = new BenchBroker(Topic);
        var fill = Prefill(broker, orders);
        var marks = broker.Watermarks();
        var lowest = marks.Max(m => m.Low.Value);
        var total = marks.Sum(m => m.High.Value - m.Low.Value);
        if (lowest != 0 || total != orders)
            throw new InvalidOperationException($"the pre-filled topic lost data to retention (low watermarks {string.Join(",", marks.Select(m => m.Low.Value))}, {total} of {orders} left)");

        var directory = Directory.CreateTempSubdirectory("bench-throughput-").FullName;
        var raw = new List<double>();
        var noop = new List<double>();
        var untraced = new List<double>();
        var sqlite = new List<double>();
        long spans = 0;
        try
        {
            for (var round = 1; round <= options.ThroughputRounds; round++)
            {
                raw.Add(RawConsume(broker, $"raw-{round}", orders));
                var (noopRate, noopSpans) = await PipelineAsync(broker, $"noop-{round}", orders, new NoOpOrderEffectStore()).ConfigureAwait(false);
                noop.Add(noopRate);
                spans = noopSpans;
                untraced.Add((await PipelineAsync(broker, $"untraced-{round}", orders, new NoOpOrderEffectStore(), tracing: false).ConfigureAwait(false)).Rate);
                await using var store = new SqliteOrderEffectStore($"Data Source={Path.Combine(directory, $"round-{round}")}");
                await store.InitializeAsync().ConfigureAwait(false);
                sqlite.Add((await PipelineAsync(broker, $"sqlite-{round}", orders, store).ConfigureAwait(false)).Rate);
                Console.WriteLine($"  throughput round {round}: raw {raw[^1]:0} /s, pipeline no-op {noop[^1]:0} /s (tracing off {untraced[^1]:0} /s), pipeline sqlite {sqlite[^1]:0} /s");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }

        var rawMedian = Stats.Median(raw);
        var noopMedian = Stats.Median(noop);
        var sqliteMedian = Stats.Median(sqlite);
        var noopRatio = noopMedian / rawMedian;
        var sqliteRatio = sqliteMedian / rawMedian;

        report.Line($"{N(orders)} orders (≈{fill.AverageBytes:0} B each, traceparent header) pre-filled into `{Topic}` (6 partitions, " +
                    $"3 embedded brokers; produced at {N(fill.Rate)} orders/s) and read from the start by a fresh group per run, " +
                    $"{options.ThroughputRounds} round(s) of the runs in turn. Rate = orders ÷ time from the first to the last message; " +
                    "ratios are of medians.")
            .Line()
            .Table(["run", "orders/s per round", "median orders/s", "÷ raw"],
            [
                ["raw Confluent.Kafka consume loop (baseline)", string.Join(", ", raw.Select(N)), N(rawMedian), "1.00"],
                ["pipeline, no-op store", string.Join(", ", noop.Select(N)), N(noopMedian), F(noopRatio, "0.00")],
                ["pipeline, SQLite store (the service's)", string.Join(", ", sqlite.Select(N)), N(sqliteMedian), F(sqliteRatio, "0.00")],
                ["diagnostic: pipeline, no-op store, tracing OFF", string.Join(", ", untraced.Select(N)), N(Stats.Median(untraced)), F(Stats.Median(untraced) / rawMedian, "0.00")],
            ])
            .Line("The pipeline is the service's: `AddConsumerGroup` (GroupConsumer batches of 100, classify + JSON deserialize + " +
                  "validate, per-partition parallel apply, offset store after the effect, auto-commit every 1 s, reports topic), " +
                  $"with OpenTelemetry tracing on: the SDK sampled and ended {N(spans)} process spans in the last no-op run " +
                  "(a counting processor, no exporter). The raw loop consumes byte[] key/value with auto-commit and does nothing else.")
            .Line()
            .Line($"Store cost: the SQLite store brings the pipeline from {N(noopMedian)} to {N(sqliteMedian)} orders/s " +
                  $"({F(sqliteMedian / noopMedian, "0.00")} of the no-op run). Tracing cost: the no-op run with tracing off is a " +
                  "diagnostic only (the goal is judged with tracing on).");
        report.Goal("Pipeline with no-op store ÷ raw loop ≥ 0.9", F(noopRatio, "0.00"), noopRatio >= 0.9);
    }

    private sealed record Fill(double Rate, double AverageBytes);

    private static Fill Prefill(BenchBroker broker, int orders)
    {
        using var producer = BenchOrders.Producer(broker.Bootstrap);
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var message = BenchOrders.Message(i);
            bytes += message.Value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(broker.Topic, message);
                    break;
                }
                catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        var remaining = producer.Flush(TimeSpan.FromSeconds(60));
        if (remaining != 0) throw new InvalidOperationException($"{remaining} orders were not delivered while pre-filling");
        return new Fill(orders / watch.Elapsed.TotalSeconds, bytes / (double)orders);
    }

    /// <summary>The baseline: a plain consume loop, nothing done with the messages.</summary>
    private static double RawConsume(BenchBroker broker, string groupId, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = broker.Bootstrap,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 20,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(broker.Topic);
        var deadline = Stopwatch.StartNew();
        long first = -1, last = -1;
        var count = 0;
        while (count < expected && deadline.Elapsed < RunTimeout)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF) continue;
            last = Stopwatch.GetTimestamp();
            if (count == 0) first = last;
            count++;
        }
        consumer.Close();
        if (count < expected) throw new TimeoutException($"the raw loop read {count} of {expected} orders in {RunTimeout.TotalMinutes} min");
        return expected / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    }

    private static async Task<(double Rate, long Spans)> PipelineAsync(BenchBroker broker, string groupId, int expected, IOrderEffectStore store,
        bool tracing = true)
    {
        var recorder = new CompletionRecorder(expected, recordLatencies: false);
        await using var pipeline = await PipelineHost.StartAsync(broker, groupId, store, recorder, tracing: tracing).ConfigureAwait(false);
        var finished = await Task.WhenAny(recorder.Done, Task.Delay(RunTimeout)).ConfigureAwait(false);
        if (finished != recorder.Done)
            throw new TimeoutException($"the pipeline ({groupId}) applied {recorder.Count} of {expected} orders in {RunTimeout.TotalMinutes} min");
        return (expected / recorder.Elapsed.TotalSeconds, pipeline.Spans.Ended);
    }
}
