using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), Multiplier: 2, Jitter: 0.2);

    [Theory]
    [InlineData(1, 0.5, 100)]
    [InlineData(2, 0.5, 200)]
    [InlineData(3, 0.5, 400)]
    [InlineData(5, 0.5, 1600)]
    [InlineData(6, 0.5, 2000)]   // capped
    [InlineData(60, 0.5, 2000)]  // no overflow
    [InlineData(1, 0.0, 80)]     // -20 %
    [InlineData(3, 0.0, 320)]
    [InlineData(1, 0.999999, 120)] // +20 %
    [InlineData(6, 0.999999, 2000)] // jitter never exceeds the cap
    public void Delay_grows_exponentially_with_jitter_and_a_cap(int attempt, double random, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Policy.DelayFor(attempt, random));

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, -0.1)]
    [InlineData(1, 1.0)]
    public void Delay_rejects_bad_arguments(int attempt, double random) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayFor(attempt, random));

    [Fact]
    public async Task Retries_transient_failures_with_growing_delays_until_success()
    {
        var waits = new List<TimeSpan>();
        var calls = 0;
        var result = await Policy.ExecuteAsync(
            _ => ++calls < 4 ? throw new TransientStoreException("busy", new TimeoutException()) : Task.FromResult(42),
            CancellationToken.None,
            delay: (wait, _) => { waits.Add(wait); return Task.CompletedTask; },
            random: () => 0.5);

        Assert.Equal(42, result);
        Assert.Equal(4, calls);
        Assert.Equal([100, 200, 400], waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public async Task A_permanent_failure_propagates_at_once()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Policy.ExecuteAsync<int>(
            _ => { calls++; throw new InvalidOperationException("constraint"); },
            CancellationToken.None, delay: (_, _) => Task.CompletedTask));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_with_the_last_failure()
    {
        var calls = 0;
        await Assert.ThrowsAsync<IOException>(() => Policy.ExecuteAsync<int>(
            _ => { calls++; throw new IOException("disk"); },
            CancellationToken.None, maxAttempts: 3, delay: (_, _) => Task.CompletedTask));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Stops_when_cancelled_during_a_backoff()
    {
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Policy.ExecuteAsync<int>(
            _ => throw new IOException("disk"),
            cts.Token,
            delay: (_, token) => { cts.Cancel(); token.ThrowIfCancellationRequested(); return Task.CompletedTask; }));
    }
}
