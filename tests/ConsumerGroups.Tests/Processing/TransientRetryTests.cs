using System.Collections.Concurrent;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

/// <summary>The retry around every effect: retried until it succeeds with growing, jittered, capped waits; a permanent
/// failure at once; the effect never cancelled, only the waits. Waits go through a recording clock, never real time.</summary>
public sealed class TransientRetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<(int Attempt, TimeSpan Wait)> _retries = [];
    private int _recovered;

    private TransientRetry Retry(TimeProvider time, double random = 0.5) =>
        new(time, TransientFailure.IsTransient, (_, attempt, wait) => _retries.Add((attempt, wait)), () => _recovered++, () => random);

    [Fact]
    public async Task Retries_transient_failures_until_success_with_waits_that_grow_exponentially_up_to_the_cap()
    {
        var clock = new RecordingClock(fireAtOnce: true);
        var calls = 0;

        var done = await Retry(clock).RunAsync(
            () => ++calls <= 12 ? throw new TransientStoreException("busy", new TimeoutException()) : Task.CompletedTask,
            CancellationToken.None);

        Assert.True(done);
        Assert.Equal(13, calls);
        Assert.Equal(Enumerable.Range(1, 12), _retries.Select(r => r.Attempt));
        var waits = _retries.Select(r => r.Wait).ToList();
        Assert.Equal(waits.Count, clock.Waits.Count);                   // every wait is the clock's (to the ms), none real
        Assert.All(waits.Zip(clock.Waits), w => Assert.InRange(w.First - w.Second, TimeSpan.Zero, TimeSpan.FromMilliseconds(1)));
        Assert.InRange(waits[0], TransientRetry.MedianFirstDelay / 2, TransientRetry.MedianFirstDelay * 2);
        var capped = waits.FindIndex(w => w == TransientRetry.MaxDelay);
        Assert.InRange(capped, 5, 10);                                  // about doubling: 0.1 s reaches 10 s in ~7 steps
        for (var i = 1; i < capped; i++)
        {
            Assert.True(waits[i] > waits[i - 1], $"wait {i} ({waits[i]}) grows");
        }

        Assert.All(waits[capped..], w => Assert.Equal(TransientRetry.MaxDelay, w));
        Assert.Equal(1, _recovered);
    }

    [Fact]
    public async Task Jitter_spreads_the_first_wait_around_its_median()
    {
        var low = new RecordingClock(fireAtOnce: true);
        var high = new RecordingClock(fireAtOnce: true);
        var failures = 0;
        Task FailOnce() => failures++ % 2 == 0 ? throw new IOException("disk") : Task.CompletedTask;

        Assert.True(await Retry(low, random: 0.2).RunAsync(FailOnce, CancellationToken.None));
        Assert.True(await Retry(high, random: 0.8).RunAsync(FailOnce, CancellationToken.None));

        var (first, second) = (Assert.Single(low.Waits), Assert.Single(high.Waits));
        Assert.NotEqual(first, second);
        Assert.All(new[] { first, second }, w => Assert.InRange(w, TimeSpan.FromTicks(1), TransientRetry.MedianFirstDelay * 2));
    }

    [Fact]
    public async Task A_permanent_failure_propagates_at_once()
    {
        var clock = new RecordingClock(fireAtOnce: true);
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Retry(clock).RunAsync(
            () => { calls++; throw new InvalidOperationException("constraint"); }, CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Empty(_retries);
        Assert.Empty(clock.Waits);
    }

    [Fact]
    public async Task Abandoning_during_a_wait_ends_the_run_unfinished_without_another_attempt()
    {
        var clock = new RecordingClock(fireAtOnce: false); // the wait never ends by itself
        using var abandon = new CancellationTokenSource();
        var calls = 0;

        var run = Retry(clock).RunAsync(() => { Interlocked.Increment(ref calls); throw new IOException("disk"); }, abandon.Token);
        await clock.FirstWait.Task.WaitAsync(Timeout);
        await abandon.CancelAsync();

        Assert.False(await run.WaitAsync(Timeout));
        Assert.Equal(1, calls);
        Assert.Equal(0, _recovered);
    }

    [Fact]
    public async Task The_first_attempt_runs_even_when_already_abandoned_and_only_the_wait_after_it_is_skipped()
    {
        var clock = new RecordingClock(fireAtOnce: true);
        using var abandoned = new CancellationTokenSource();
        await abandoned.CancelAsync();
        var calls = 0;

        Assert.True(await Retry(clock).RunAsync(() => { calls++; return Task.CompletedTask; }, abandoned.Token));
        Assert.False(await Retry(clock).RunAsync(() => { calls++; throw new IOException("disk"); }, abandoned.Token));

        Assert.Equal(2, calls);
        Assert.Empty(clock.Waits);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public async Task An_attempt_under_way_when_abandoned_finishes_and_its_outcome_decides(int abandonedDuring, bool succeeds)
    {
        var clock = new RecordingClock(fireAtOnce: true);
        using var abandon = new CancellationTokenSource();
        var calls = 0;

        var done = await Retry(clock).RunAsync(async () =>
        {
            if (++calls < abandonedDuring)
            {
                throw new IOException("disk");
            }

            await abandon.CancelAsync(); // the partition's worker stops while this attempt runs
            if (!succeeds)
            {
                throw new IOException("disk");
            }
        }, abandon.Token);

        Assert.Equal(succeeds, done);          // a success counts; a failure is not waited on again
        Assert.Equal(abandonedDuring, calls);
    }

    /// <summary>A clock whose timers fire at once (or never), recording each wait asked of it.</summary>
    private sealed class RecordingClock(bool fireAtOnce) : TimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> _waits = new();

        public IReadOnlyList<TimeSpan> Waits => [.. _waits];
        public TaskCompletionSource FirstWait { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _waits.Enqueue(dueTime);
            FirstWait.TrySetResult();
            if (fireAtOnce)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new IdleTimer();
        }

        private sealed class IdleTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
