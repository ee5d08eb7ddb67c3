namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Exponential backoff for transient store failures: attempt 1 waits <see cref="Initial"/>, each further
/// attempt <see cref="Multiplier"/> times longer, never more than <see cref="Max"/>; ± <see cref="Jitter"/> spreads
/// replicas that failed together. Pure: the random number comes in as an argument.</summary>
public sealed record RetryPolicy(TimeSpan Initial, TimeSpan Max, double Multiplier = 2, double Jitter = 0.2)
{
    public static readonly RetryPolicy Default = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    /// <param name="attempt">1 for the first retry.</param>
    /// <param name="random01">A number in [0, 1); 0.5 gives the delay without jitter.</param>
    public TimeSpan DelayFor(int attempt, double random01 = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (random01 is < 0 or >= 1 || double.IsNaN(random01))
            throw new ArgumentOutOfRangeException(nameof(random01), random01, "must be in [0, 1)");
        var baseMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(Multiplier, attempt - 1));
        var jittered = baseMs * (1 - Jitter + 2 * Jitter * random01);
        return TimeSpan.FromMilliseconds(Math.Round(Math.Clamp(jittered, 0, Max.TotalMilliseconds)));
    }

    /// <summary>Runs <paramref name="action"/> until it succeeds, retrying transient failures
    /// (<see cref="TransientFailure.IsTransient"/>) after a backoff, up to <paramref name="maxAttempts"/> attempts in
    /// all (null: until cancelled). Other failures propagate at once. <paramref name="isRetriable"/> widens or narrows
    /// what is retried (default <see cref="TransientFailure.IsTransient"/>).</summary>
    public async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> action,
        CancellationToken cancellationToken,
        int? maxAttempts = null,
        Action<Exception, int, TimeSpan>? onRetry = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null,
        Func<double>? random = null,
        Func<Exception, bool>? isRetriable = null)
    {
        delay ??= Task.Delay;
        isRetriable ??= TransientFailure.IsTransient;
        random ??= Random.Shared.NextDouble;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (isRetriable(ex) && (maxAttempts is null || attempt < maxAttempts))
            {
                var wait = DelayFor(attempt, random());
                onRetry?.Invoke(ex, attempt, wait);
                await delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
