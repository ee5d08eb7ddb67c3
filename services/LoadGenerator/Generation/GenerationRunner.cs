using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.LoadGenerator.Keys;
using OrdersAspire.LoadGenerator.Pacing;
using OrdersAspire.LoadGenerator.Telemetry;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// Runs generation jobs: paces orders against the job's elapsed time, hands them to the producer with a
/// delivery handler (no per-message await, so high rates are reachable), counts every delivery report into
/// the job and the metrics, and finishes the job once every produced order has been reported.
/// </summary>
public sealed partial class GenerationRunner(
    IProducer<string, byte[]> producer,
    GenerationJobs jobs,
    LoadGeneratorMetrics metrics,
    IOptions<LoadGeneratorOptions> options,
    TimeProvider time,
    ILogger<GenerationRunner> logger) : IAsyncDisposable
{
    /// <summary>The loop sleeps at least this long, releasing every order due meanwhile as one batch.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly LoadGeneratorOptions _options = options.Value;
    private int _sequence;

    /// <summary>
    /// Starts a job for <paramref name="spec"/> (already validated, <paramref name="partitionCount"/> known for
    /// hot-partition jobs), or returns null when too many jobs are running. The job's span is a child of the
    /// current activity (the POST request); every order's produce span starts a trace of its own linked to it.
    /// </summary>
    public GenerationJob? TryStart(GenerationSpec spec, int? partitionCount)
    {
        var keys = spec.CreateKeys(partitionCount);
        var id = Guid.CreateVersion7();
        var topic = _options.Topic;

        var caller = Activity.Current;
        var activity = LoadGeneratorActivitySource.Instance.StartActivity("generate orders", ActivityKind.Internal);
        Activity.Current = caller;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("loadgen.job.id", id.ToString());
            activity.SetTag("loadgen.job.count", spec.Count);
            activity.SetTag("loadgen.job.rate_per_second", spec.RatePerSecond);
            activity.SetTag("loadgen.job.key_distribution", spec.DescribeKeys().Type);
            activity.SetTag("messaging.destination.name", topic);
        }

        var job = new GenerationJob(id, topic, spec, time.GetUtcNow(), activity);
        if (!jobs.TryAdd(job))
        {
            activity?.Dispose();
            return null;
        }

        var random = _options.RandomSeed is { } seed
            ? new Random(unchecked(seed + Interlocked.Increment(ref _sequence)))
            : new Random();
        _ = Task.Run(() => RunAsync(job, keys, random));
        LogJobStarted(job.Id, spec.Count, spec.RatePerSecond, topic, spec.DescribeKeys().Type);
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        var running = jobs.Running();
        foreach (var job in running)
        {
            job.Cancel();
        }

        try
        {
            await Task.WhenAll(running.Select(job => job.Completion)).WaitAsync(ShutdownTimeout);
        }
        catch (TimeoutException)
        {
            LogJobsDidNotStop(running.Count(j => !j.IsFinished), ShutdownTimeout);
        }
    }

    private async Task RunAsync(GenerationJob job, KeyDistribution keys, Random random)
    {
        Activity.Current = job.Activity;
        var token = job.CancellationToken;
        var orders = new OrderFactory(random, time, job.Spec.PayloadBytes);
        var pacer = new Pacer(job.Spec.RatePerSecond, job.Spec.Count);
        var crashed = false;
        var clock = Stopwatch.StartNew();
        try
        {
            while (!pacer.IsComplete && !token.IsCancellationRequested)
            {
                var due = pacer.Take(clock.Elapsed);
                for (var i = 0; i < due && !token.IsCancellationRequested; i++)
                {
                    await ProduceOneAsync(job, orders, keys.NextCustomer(random), token);
                }

                if (pacer.NextDueAt() is { } next && next - clock.Elapsed is var wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < Tick ? Tick : wait, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled: stop producing; what was produced is still awaited below.
        }
        catch (Exception ex)
        {
            crashed = true;
            job.RecordError($"Production stopped: {ex.GetType().Name}: {ex.Message}");
            LogJobCrashed(ex, job.Id, job.Produced);
        }

        job.EndProduction();
        var reported = await Task.WhenAny(job.AllDelivered, Task.Delay(_options.DeliveryTimeout)) == job.AllDelivered;
        if (!reported)
        {
            job.RecordError(string.Create(
                CultureInfo.InvariantCulture,
                $"{job.Pending} delivery reports still outstanding after {_options.DeliveryTimeout.TotalSeconds} s."));
        }

        var state = crashed || !reported || job.Failed > 0 ? GenerationState.Failed
            : token.IsCancellationRequested ? GenerationState.Cancelled
            : GenerationState.Completed;
        job.Finish(state, time.GetUtcNow());
        LogJobFinished(job.Id, state, job.Produced, job.Acknowledged, job.Failed);
    }

    private async ValueTask ProduceOneAsync(GenerationJob job, OrderFactory orders, int customer, CancellationToken token)
    {
        var order = orders.Create(customer);
        var message = new Message<string, byte[]>
        {
            Key = order.CustomerId,
            Value = orders.Serialize(order),
            Headers = new Headers { { KafkaTelemetry.MessageIdHeader, Encoding.UTF8.GetBytes(order.OrderId) } },
        };

        // One trace per order (a job of a million orders would otherwise be one unreadable trace), linked to the
        // job's span in the trace of the request that started it.
        var activity = KafkaTelemetry.StartProduce(job.Topic, message, order.OrderId, newTraceLinkedTo: job.Activity?.Context ?? default);
        Activity.Current = job.Activity;
        try
        {
            while (!TryProduce(job, message, activity))
            {
                // The producer's queue is full: wait for deliveries to drain it.
                await Task.Delay(QueueFullBackoff, token);
            }
        }
        catch (OperationCanceledException)
        {
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>Hands one message to the producer; false when its queue is full (nothing was produced).</summary>
    private bool TryProduce(GenerationJob job, Message<string, byte[]> message, Activity? activity)
    {
        job.RecordProduced();
        try
        {
            producer.Produce(job.Topic, message, report => OnDelivery(job, activity, report));
            metrics.Produced(job.Topic);
            return true;
        }
        catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
        {
            job.RecordNotProduced();
            return false;
        }
        catch (Exception ex)
        {
            metrics.Produced(job.Topic);
            KafkaTelemetry.RecordDeliveryError(activity, ex);
            activity?.Dispose();
            var errorType = ex is KafkaException kafka ? kafka.Error.Code.ToString() : ex.GetType().Name;
            RecordFailure(job, errorType, $"Produce refused: {ex.Message}");
            if (ex is KafkaException)
            {
                return true;
            }

            throw;
        }
    }

    /// <summary>Runs on librdkafka's delivery-report thread: must be quick and must not throw.</summary>
    private void OnDelivery(GenerationJob job, Activity? activity, DeliveryReport<string, byte[]> report)
    {
        try
        {
            KafkaTelemetry.RecordDelivery(activity, report);
            activity?.Dispose();
        }
        finally
        {
            if (report.Error.IsError)
            {
                RecordFailure(job, report.Error.Code.ToString(), $"Delivery failed: {report.Error.Code} ({report.Error.Reason})");
            }
            else
            {
                job.RecordAcknowledged();
                metrics.Acknowledged(job.Topic);
            }
        }
    }

    private void RecordFailure(GenerationJob job, string errorType, string error)
    {
        job.RecordFailure(error);
        metrics.DeliveryFailed(job.Topic, errorType);
        if (job.Failed == 1)
        {
            LogFirstDeliveryFailure(job.Id, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {Count} orders at {Rate}/s to {Topic}, keys {Keys}")]
    private partial void LogJobStarted(Guid jobId, long count, int rate, string topic, string? keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} generation jobs did not stop within {Timeout}")]
    private partial void LogJobsDidNotStop(int count, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} stopped producing after {Produced} orders")]
    private partial void LogJobCrashed(Exception exception, Guid jobId, long produced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {State}: {Produced} produced, {Acknowledged} acknowledged, {Failed} failed")]
    private partial void LogJobFinished(Guid jobId, GenerationState state, long produced, long acknowledged, long failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: first delivery failure: {Error}")]
    private partial void LogFirstDeliveryFailure(Guid jobId, string error);
}
