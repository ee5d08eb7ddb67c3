using Polly;
using Polly.Retry;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Runs an effect until it succeeds, retrying its transient failures for as long as it takes with Polly's
/// exponential backoff and jitter: a median first wait of <see cref="MedianFirstDelay"/>, each next about twice as
/// long, never more than <see cref="MaxDelay"/>; the jitter spreads replicas that failed together. Any other failure
/// propagates at once. The effect itself is never cancelled (a started batch is allowed to finish); only the waits
/// between attempts are, and abandoning during one ends the run unfinished. Waits are measured by the given
/// <see cref="TimeProvider"/>.</summary>
public sealed class TransientRetry
{
    public static readonly TimeSpan MedianFirstDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private static readonly ResiliencePropertyKey<Run> RunKey = new("ordersaspire.retry.run");

    private readonly ResiliencePipeline _pipeline;
    private readonly Func<Exception, bool> _isRetriable;
    private readonly Action _onRecovered;

    /// <param name="isRetriable">Which failures are retried.</param>
    /// <param name="onRetry">Told of each failed attempt (1 for the first) and the wait before the next.</param>
    /// <param name="onRecovered">Told when an effect succeeds after failing.</param>
    /// <param name="randomizer">The jitter's numbers in [0, 1): Polly's own unless a test fixes them.</param>
    public TransientRetry(TimeProvider time, Func<Exception, bool> isRetriable, Action<Exception, int, TimeSpan> onRetry,
        Action onRecovered, Func<double>? randomizer = null)
    {
        _isRetriable = isRetriable;
        _onRecovered = onRecovered;
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure && isRetriable(failure)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = MedianFirstDelay,
            MaxDelay = MaxDelay,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                var run = args.Context.Properties.GetValue(RunKey, null!);
                onRetry(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                run.Waiting();
                return default;
            },
        };
        if (randomizer is not null)
        {
            retry.Randomizer = randomizer;
        }

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>True once the effect succeeded; false when <paramref name="abandon"/> fired while waiting to retry (or
    /// during an attempt that then failed transiently). The first attempt runs even if it has already fired.</summary>
    public async Task<bool> RunAsync(Func<Task> effect, CancellationToken abandon)
    {
        using var run = new Run(abandon);
        var context = ResilienceContextPool.Shared.Get(run.Waits);
        context.Properties.Set(RunKey, run);
        try
        {
            await _pipeline.ExecuteAsync(static async (_, effect) => await effect().ConfigureAwait(false), context, effect).ConfigureAwait(false);
        }
        catch (Exception ex) when (abandon.IsCancellationRequested && (ex is OperationCanceledException || _isRetriable(ex)))
        {
            return false;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        if (run.Retried)
        {
            _onRecovered();
        }

        return true;
    }

    /// <summary>One run's waits. Polly cancels with one token both its waits and, before each attempt, the attempt
    /// itself; so that token follows <c>abandon</c> only from the first wait on, and the first attempt always runs.</summary>
    private sealed class Run(CancellationToken abandon) : IDisposable
    {
        private readonly CancellationTokenSource _waits = new();
        private CancellationTokenRegistration _abandonWaits;

        public CancellationToken Waits => _waits.Token;
        public bool Retried { get; private set; }

        public void Waiting()
        {
            if (Retried)
            {
                return;
            }

            Retried = true;
            _abandonWaits = abandon.Register(static waits => ((CancellationTokenSource)waits!).Cancel(), _waits);
        }

        public void Dispose()
        {
            _abandonWaits.Dispose();
            _waits.Dispose();
        }
    }
}
