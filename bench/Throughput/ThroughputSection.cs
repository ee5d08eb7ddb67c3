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

namespace OrdersAspire.Bench.Throughput;

/// <summary>Section 1: one pre-filled topic on one embedded broker, read from the start by fresh groups, in rounds:
/// a raw Confluent.Kafka consume loop (the baseline), our pipeline with a no-op store, our pipeline with the SQLite
/// store. Rate = orders ÷ (first message → last message), so the group join is not counted for anyone.</summary>
public static class ThroughputSection
{
    private const string Topic = "bench-throughput";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private const string SampledTenthTopic = "bench-throughput-sampled-10";
    private const string KeyConcurrencyTopic = "bench-throughput-key-concurrency";
    private static readonly TimeSpan SimulatedWork = TimeSpan.FromMilliseconds(2);

    public static async Task RunAsync(BenchOptions options, SectionReport report)
    {
        var orders = options.ThroughputOrders;
        using var broker = new BenchBroker(Topic);
        broker.Cluster.CreateTopic(SampledTenthTopic, broker.Partitions);
        broker.Cluster.CreateTopic(KeyConcurrencyTopic, broker.Partitions);
        var fill = Prefill(broker, broker.Topic, orders, sampledShare: 1.0);
        Prefill(broker, SampledTenthTopic, orders, sampledShare: 0.1);
        var slowOrders = options.Quick ? 1_200 : 3_000;
        Prefill(broker, KeyConcurrencyTopic, slowOrders, sampledShare: 1.0);
        foreach (var topic in new[] { broker.Topic, SampledTenthTopic })
        {
            var marks = broker.Watermarks(topic);
            if (marks.Max(m => m.Low.Value) != 0 || marks.Sum(m => m.High.Value - m.Low.Value) != orders)
            {
                throw new InvalidOperationException($"the pre-filled topic {topic} lost data to retention (low watermarks {string.Join(",", marks.Select(m => m.Low.Value))})");
            }
        }

        var directory = Directory.CreateTempSubdirectory("bench-throughput-").FullName;
        var raw = new List<Run>();
        var noop = new List<Run>();
        var sampledTenth = new List<Run>();
        var untraced = new List<Run>();
        var rareCommits = new List<Run>();
        var sqlite = new List<Run>();
        var oneKey = new List<Run>();
        var sixteenKeys = new List<Run>();
        try
        {
            // Round 0 warms the JIT up (a service runs for hours; its first seconds' tier-0 code is not its speed) and is
            // not counted.
            for (var round = 0; round <= options.ThroughputRounds; round++)
            {
                var counted = round > 0;
                var r = RawConsume(broker, $"raw-{round}", orders);
                var noopRun = await PipelineAsync(broker, $"noop-{round}", orders, new NoOpOrderEffectStore()).ConfigureAwait(false);
                var tenthRun = await PipelineAsync(broker, $"tenth-{round}", orders, new NoOpOrderEffectStore(), topic: SampledTenthTopic).ConfigureAwait(false);
                var untracedRun = await PipelineAsync(broker, $"untraced-{round}", orders, new NoOpOrderEffectStore(), tracing: false).ConfigureAwait(false);
                var rareRun = await PipelineAsync(broker, $"rare-commits-{round}", orders, new NoOpOrderEffectStore(),
                    settings: new Dictionary<string, string?> { ["ConsumerGroup:CommitIntervalMs"] = "5000" }).ConfigureAwait(false);
                Run sqliteRun;
                await using (var store = new SqliteOrderEffectStore($"Data Source={Path.Combine(directory, $"round-{round}")}"))
                {
                    await store.InitializeAsync().ConfigureAwait(false);
                    sqliteRun = await PipelineAsync(broker, $"sqlite-{round}", orders, store).ConfigureAwait(false);
                }
                var oneKeyRun = await PipelineAsync(broker, $"kc1-{round}", slowOrders, new NoOpOrderEffectStore(), topic: KeyConcurrencyTopic,
                    workPerOrder: SimulatedWork).ConfigureAwait(false);
                var sixteenRun = await PipelineAsync(broker, $"kc16-{round}", slowOrders, new NoOpOrderEffectStore(), topic: KeyConcurrencyTopic,
                    workPerOrder: SimulatedWork, settings: new Dictionary<string, string?> { ["ConsumerGroup:KeyConcurrency"] = "16" }).ConfigureAwait(false);
                Console.WriteLine($"  throughput round {round}{(counted ? "" : " (warm-up)")}: raw {r.Rate:0} /s ({r.Cost.MicrosecondsPerOrder:0.00} µs CPU per order), " +
                                  $"pipeline no-op {noopRun.Rate:0} /s ({noopRun.Cost.MicrosecondsPerOrder:0.00} µs) " +
                                  $"(10% sampled {tenthRun.Rate:0}, tracing off {untracedRun.Rate:0} ({untracedRun.Cost.MicrosecondsPerOrder:0.00} µs), commits every 5 s {rareRun.Rate:0}), " +
                                  $"sqlite {sqliteRun.Rate:0} /s ({sqliteRun.Cost.MicrosecondsPerOrder:0.00} µs), " +
                                  $"2 ms work per order: key concurrency 1 {oneKeyRun.Rate:0} /s, 16 {sixteenRun.Rate:0} /s");
                if (!counted)
                {
                    continue;
                }

                raw.Add(r);
                noop.Add(noopRun);
                sampledTenth.Add(tenthRun);
                untraced.Add(untracedRun);
                rareCommits.Add(rareRun);
                sqlite.Add(sqliteRun);
                oneKey.Add(oneKeyRun);
                sixteenKeys.Add(sixteenRun);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }

        var rawMedian = Median(raw);
        var noopMedian = Median(noop);
        var sqliteMedian = Median(sqlite);
        var noopRatio = noopMedian / rawMedian;
        var sqliteRatio = sqliteMedian / rawMedian;
        var spans = noop[^1].Spans;
        var tenthSpans = sampledTenth[^1].Spans;
        IReadOnlyList<string> KeyRow(string name, List<Run> runs, double baseline) =>
            [name, Rounds([.. runs.Select(r => r.Rate)], N), N(Median(runs)), F(Median(runs) / baseline, "0.00")];
        IReadOnlyList<string> Row(string name, List<Run> runs, double baseline) =>
            [.. KeyRow(name, runs, baseline), F(Median(runs, r => r.Cost.MicrosecondsPerOrder), "0.00"), F(Median(runs, r => r.Cost.CoresBusy), "0.00")];
        var rawCpu = Median(raw, r => r.Cost.MicrosecondsPerOrder);
        var untracedCpu = Median(untraced, r => r.Cost.MicrosecondsPerOrder);
        var noopCpu = Median(noop, r => r.Cost.MicrosecondsPerOrder);
        var rawCores = Median(raw, r => r.Cost.CoresBusy);

        report.Line($"{N(orders)} orders (≈{fill.AverageBytes:0} B each, traceparent header) pre-filled into `{Topic}` (6 partitions, " +
                    $"3 embedded brokers; produced at {N(fill.Rate)} orders/s) and read from the start by a fresh group per run; a warm-up " +
                    $"round of every run first (not counted), then {options.ThroughputRounds} counted round(s) of the runs in turn. " +
                    "Rate = orders ÷ time from the first to the last message; ratios are of medians.")
            .Line()
            .Table(["run", "orders/s per round", "median orders/s", "÷ raw", "CPU µs per order", "cores busy"],
            [
                Row("raw Confluent.Kafka consume loop (baseline)", raw, rawMedian),
                Row("pipeline, no-op store, every trace sampled", noop, rawMedian),
                Row("pipeline, no-op store, 10% of traces sampled", sampledTenth, rawMedian),
                Row("pipeline, no-op store, tracing off", untraced, rawMedian),
                Row("pipeline, no-op store, commits every 5 s instead of 200 ms", rareCommits, rawMedian),
                Row("pipeline, SQLite store (the service's), every trace sampled", sqlite, rawMedian),
            ])
            .Line("The pipeline is the service's: `AddConsumerGroup` (a poll loop handing each partition's messages to that partition's " +
                  "worker; batches of up to 1,000 formed from what queued; classify + JSON read + validate; one durable write per batch; offset " +
                  "stored after it; auto-commit every 200 ms; reports topic). The raw loop consumes byte[] key/value with auto-commit and does " +
                  $"nothing else; both fetch with the embedded broker's {EmbeddedClientSettings.FetchWaitMaxMs} ms wait. Tracing is parent-based: the producer's sampling decision " +
                  $"(the traceparent's flag) is followed, so a sampled order gets a process span ({N(spans)} ended in the last every-trace run, " +
                  $"{N(tenthSpans)} in the last 10% run; a counting processor, no exporter) and an unsampled one costs a header read.")
            .Line()
            .Line($"**What bounds the ratio.** CPU is this process's (every thread: the app's, librdkafka's and the embedded broker's) " +
                  "over the same window as the rate, per order and as cores busy (medians). The raw loop already keeps " +
                  $"{F(rawCores, "0.00")} of the machine's {Environment.ProcessorCount} cores busy at {F(rawCpu, "0.00")} µs per order, so work the " +
                  "pipeline adds cannot run beside it for free: its rate is bounded by about the machine's cores ÷ its CPU per order. " +
                  $"Reading, validating and handing an order on costs {F(untracedCpu - rawCpu, "0.00")} µs more than consuming it " +
                  $"(tracing off), a sampled trace {F(noopCpu - untracedCpu, "0.00")} µs more again.")
            .Line()
            .Line($"Store cost: the SQLite store brings the pipeline from {N(noopMedian)} to {N(sqliteMedian)} orders/s " +
                  $"({F(sqliteMedian / noopMedian, "0.00")} of the no-op run). Commit cost: committing every 200 ms instead of every 5 s " +
                  $"changes the no-op rate by a factor of {F(noopMedian / Median(rareCommits), "0.00")}.")
            .Line()
            .Line($"**Key-level concurrency.** {N(slowOrders)} orders from 500 customers, each order's per-order step waiting " +
                  $"{SimulatedWork.TotalMilliseconds:0} ms (a remote call), no-op store:")
            .Line()
            .Table(["ConsumerGroup:KeyConcurrency", "orders/s per round", "median orders/s", "÷ partition order"],
            [
                KeyRow("1 (partition order: one order at a time per partition)", oneKey, Median(oneKey)),
                KeyRow("16 (up to 16 keys in flight per partition, each key in order)", sixteenKeys, Median(oneKey)),
            ])
            .Line("Where it pays: per-order work that waits. With none (the default service), the option changes nothing, and the " +
                  "per-order step is not even called.");
        report.Goal("Pipeline with no-op store ÷ raw loop ≥ 0.9 (every trace sampled)", F(noopRatio, "0.00"), noopRatio >= 0.9);
        report.Goal("Pipeline with the service's store ÷ raw loop ≥ 0.5 (every trace sampled)", F(sqliteRatio, "0.00"), sqliteRatio >= 0.5);
        report.Goal("Key concurrency 16 ÷ 1 with 2 ms per-order work", F(Median(sixteenKeys) / Median(oneKey), "0.00"), null);
    }

    private sealed record Fill(double Rate, double AverageBytes);

    /// <summary>One run's rate, what the window cost in CPU, and the process spans it ended.</summary>
    private sealed record Run(double Rate, CpuCost Cost, long Spans = 0);

    private static double Median(IEnumerable<Run> runs, Func<Run, double>? of = null) => Stats.Median([.. runs.Select(of ?? (r => r.Rate))]);

    private static Fill Prefill(BenchBroker broker, string topic, int orders, double sampledShare)
    {
        using var producer = BenchOrders.Producer(broker.Bootstrap);
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var message = BenchOrders.Message(i, sampled: i % 100 < sampledShare * 100);
            bytes += message.Value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(topic, message);
                    break;
                }
                catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        var remaining = producer.Flush(TimeSpan.FromSeconds(60));
        if (remaining != 0)
        {
            throw new InvalidOperationException($"{remaining} orders were not delivered while pre-filling");
        }

        return new Fill(orders / watch.Elapsed.TotalSeconds, bytes / (double)orders);
    }

    /// <summary>The baseline: a plain consume loop, nothing done with the messages.</summary>
    private static Run RawConsume(BenchBroker broker, string groupId, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = broker.Bootstrap,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = EmbeddedClientSettings.FetchWaitMaxMs,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(broker.Topic);
        var deadline = Stopwatch.StartNew();
        long first = -1, last = -1;
        var cpuAtFirst = TimeSpan.Zero;
        var count = 0;
        while (count < expected && deadline.Elapsed < RunTimeout)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            last = Stopwatch.GetTimestamp();
            if (count == 0)
            {
                first = last;
                cpuAtFirst = ProcessCpu.Now();
            }

            count++;
        }
        var cpuAtLast = ProcessCpu.Now();
        consumer.Close();
        if (count < expected)
        {
            throw new TimeoutException($"the raw loop read {count} of {expected} orders in {RunTimeout.TotalMinutes} min");
        }

        var wall = Stopwatch.GetElapsedTime(first, last);
        return new Run(expected / wall.TotalSeconds, new CpuCost(cpuAtLast - cpuAtFirst, wall, expected));
    }

    private static async Task<Run> PipelineAsync(BenchBroker broker, string groupId, int expected, IOrderEffectStore store,
        bool tracing = true, string? topic = null, IReadOnlyDictionary<string, string?>? settings = null, TimeSpan workPerOrder = default)
    {
        var recorder = new CompletionRecorder(expected, recordLatencies: false);
        await using var pipeline = await PipelineHost.StartAsync(broker, groupId, store, recorder, topic, tracing, settings, workPerOrder).ConfigureAwait(false);
        var finished = await Task.WhenAny(recorder.Done, Task.Delay(RunTimeout)).ConfigureAwait(false);
        if (finished != recorder.Done)
        {
            throw new TimeoutException($"the pipeline ({groupId}) applied {recorder.Count} of {expected} orders in {RunTimeout.TotalMinutes} min");
        }

        return new Run(expected / recorder.Elapsed.TotalSeconds, new CpuCost(recorder.CpuAtDone - recorder.CpuAtFirst, recorder.Elapsed, expected),
            pipeline.Spans.Ended);
    }
}
