using System.Diagnostics;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Bench.Pipeline;

/// <summary>What the bench handler saw: how many orders were applied, when the first batch started and the last
/// ended (stopwatch time), and optionally each order's latency from its producer timestamp to the effect being durable.</summary>
public sealed class CompletionRecorder(long expected, bool recordLatencies)
{
    private readonly Lock _gate = new();
    private readonly List<double> _latenciesMs = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;

    public long Expected { get; } = expected;
    public long Count => Interlocked.Read(ref _count);
    public long FirstStarted { get; private set; } = -1;
    public long LastCompleted { get; private set; } = -1;

    /// <summary>The process's CPU time when the first batch started and when the last expected order completed.</summary>
    public TimeSpan CpuAtFirst { get; private set; }
    public TimeSpan CpuAtDone { get; private set; }
    public Task Done => _done.Task;

    /// <summary>Orders seen at or after this stopwatch time count towards latency; earlier ones are warm-up.</summary>
    public long LatencyFrom { get; set; }

    public TimeSpan Elapsed => FirstStarted < 0 || LastCompleted < 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(FirstStarted, LastCompleted);

    public void Started(long timestamp)
    {
        lock (_gate)
        {
            if (FirstStarted < 0)
            {
                FirstStarted = timestamp;
                CpuAtFirst = ProcessCpu.Now();
            }
        }
    }

    public void Completed(IReadOnlyList<ConsumedOrder> batch, long timestamp, DateTime completedUtc)
    {
        lock (_gate)
        {
            LastCompleted = Math.Max(LastCompleted, timestamp);
            if (recordLatencies && timestamp >= LatencyFrom)
            {
                foreach (var order in batch)
                {
                    _latenciesMs.Add((completedUtc - order.Timestamp.UtcDateTime).TotalMilliseconds);
                }
            }
        }
        if (Interlocked.Add(ref _count, batch.Count) >= Expected)
        {
            var cpu = ProcessCpu.Now();
            lock (_gate)
            {
                if (CpuAtDone == TimeSpan.Zero)
                {
                    CpuAtDone = cpu;
                }
            }
            _done.TrySetResult();
        }
    }

    public IReadOnlyList<double> LatenciesMs()
    {
        lock (_gate)
        {
            return [.. _latenciesMs.Order()];
        }
    }
}
