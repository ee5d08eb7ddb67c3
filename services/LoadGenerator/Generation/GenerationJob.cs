using System.Diagnostics;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// One generation job: its request and live counters. Counters are updated from the producing loop and
/// from librdkafka's delivery-report thread, so they are interlocked; the state changes under a lock.
/// </summary>
public sealed class GenerationJob
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _produced;
    private long _acknowledged;
    private long _failed;
    private bool _productionEnded;
    private string? _lastError;

    public GenerationJob(Guid id, string topic, GenerationSpec spec, DateTimeOffset startedAt, Activity? activity)
    {
        Id = id;
        Topic = topic;
        Spec = spec;
        StartedAt = startedAt;
        Activity = activity;
    }

    public Guid Id { get; }

    public string Topic { get; }

    public GenerationSpec Spec { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The job's span, started with the POST; every order's produce span is its child.</summary>
    public Activity? Activity { get; }

    public GenerationState State { get; private set; } = GenerationState.Running;

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? LastError
    {
        get { lock (_gate) { return _lastError; } }
    }

    /// <summary>Orders handed to the producer (including those it refused at once, which count as failed).</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Orders the broker acknowledged (acks=all).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Orders whose delivery failed, reported by the broker, the client, or refused by the producer.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Orders produced but not yet reported delivered or failed.</summary>
    public long Pending => Produced - Acknowledged - Failed;

    public bool IsFinished => State != GenerationState.Running;

    public CancellationToken CancellationToken => _cancellation.Token;

    public bool CancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>Completes when the job reaches a final state.</summary>
    public Task Completion => _completed.Task;

    /// <summary>Completes when production has ended and every produced order has a delivery report.</summary>
    public Task AllDelivered => _allDelivered.Task;

    /// <summary>Acknowledged orders per second since the start (until the finish for finished jobs).</summary>
    public double AchievedRatePerSecond(DateTimeOffset now)
    {
        var seconds = ((FinishedAt ?? now) - StartedAt).TotalSeconds;
        return seconds <= 0 ? 0 : Acknowledged / seconds;
    }

    public void Cancel() => _cancellation.Cancel();

    public void RecordProduced() => Interlocked.Increment(ref _produced);

    /// <summary>Takes back a <see cref="RecordProduced"/> whose message the producer did not accept (queue full, retried).</summary>
    public void RecordNotProduced() => Interlocked.Decrement(ref _produced);

    public void RecordAcknowledged()
    {
        Interlocked.Increment(ref _acknowledged);
        SignalIfAllDelivered();
    }

    public void RecordFailure(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }

        Interlocked.Increment(ref _failed);
        SignalIfAllDelivered();
    }

    /// <summary>Records an error that is not a delivery failure (e.g. the producing loop crashed).</summary>
    public void RecordError(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }
    }

    /// <summary>No more orders will be produced; <see cref="AllDelivered"/> completes once the pending ones are reported.</summary>
    public void EndProduction()
    {
        Volatile.Write(ref _productionEnded, true);
        SignalIfAllDelivered();
    }

    public void Finish(GenerationState state, DateTimeOffset finishedAt)
    {
        if (state == GenerationState.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job finishes in a final state.");
        }

        lock (_gate)
        {
            if (State != GenerationState.Running)
            {
                return;
            }

            FinishedAt = finishedAt;
            State = state;
        }

        Activity?.SetTag("loadgen.job.state", state.ToString());
        Activity?.SetTag("loadgen.job.acknowledged", Acknowledged);
        Activity?.SetTag("loadgen.job.failed", Failed);
        if (state == GenerationState.Failed)
        {
            Activity?.SetStatus(ActivityStatusCode.Error, LastError);
        }

        Activity?.Dispose();
        _completed.TrySetResult();
    }

    private void SignalIfAllDelivered()
    {
        if (Volatile.Read(ref _productionEnded) && Pending <= 0)
        {
            _allDelivered.TrySetResult();
        }
    }
}
