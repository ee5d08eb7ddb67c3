using System.Diagnostics;

namespace OrdersAspire.Testing;

/// <summary>The one way tests and the bench wait: poll a condition until it holds or a bounded timeout passes, never a
/// fixed sleep. On timeout it throws a <see cref="TimeoutException"/> naming what was awaited and the last value
/// observed (or the last error, when reading failed), so a failure says how far things got.</summary>
/// <remarks>A read that throws counts as "not yet" (a service not answering while it starts): polling goes on and the
/// last error becomes the timeout's inner exception. Cancelling <c>cancellationToken</c> stops the wait at once.</remarks>
public static class Eventually
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds for its value; returns that value.</summary>
    public static async Task<T> ResultAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what,
        TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var observed = false;
        T last = default!;
        Exception? error = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                last = await read().ConfigureAwait(false);
                observed = true;
                error = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = ex;
            }
            if (clock.Elapsed >= timeout)
            {
                var seen = error is not null ? $"last error: {error.GetType().Name}: {error.Message}"
                    : observed ? $"last value: {Describe(last)}" : "nothing was observed";
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; {seen}", error);
            }
            await Task.Delay(interval ?? DefaultInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/>; <paramref name="describe"/> (when given) tells the state it saw, for
    /// the timeout's message.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        ResultAsync(async () => await condition().ConfigureAwait(false) ? null : describe?.Invoke() ?? "not yet", state => state is null,
            timeout, what, interval, cancellationToken);

    /// <summary>Polls a synchronous <paramref name="condition"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? describe = null,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, describe, interval, cancellationToken);

    /// <summary>Runs <paramref name="assertion"/> until it passes; on timeout the last failure (which states the value it
    /// saw) is the inner exception and its message is part of the timeout's.</summary>
    public static Task PassesAsync(Func<Task> assertion, TimeSpan timeout, string what,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        ResultAsync(async () => { await assertion().ConfigureAwait(false); return true; }, passed => passed, timeout, what,
            interval, cancellationToken);

    /// <summary>A value as a failure message shows it: collections item by item (at most 20), dictionaries as key: value.</summary>
    private static string Describe(object? value, int depth = 0) => value switch
    {
        null => "null",
        string text => text,
        _ when depth > 3 => value.ToString() ?? "",
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Take(20)
            .Select(key => $"{Describe(key, depth + 1)}: {Describe(map[key], depth + 1)}")) + "}",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(20).Select(i => Describe(i, depth + 1))) + "]",
        _ => value.ToString() ?? "",
    };
}
