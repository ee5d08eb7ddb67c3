namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>Bounded waits on a condition (no fixed sleeps): polls until it holds or the deadline passes.</summary>
public static class Eventually
{
    public static async Task<T> ResultAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        T last = default!;
        Exception? error = null;
        while (true)
        {
            try
            {
                last = await read();
                error = null;
                if (done(last)) return last;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                error = ex;
            }
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"Waited {timeout} for {what}; last value: {last}", error);
            try { await Task.Delay(200, cts.Token); } catch (OperationCanceledException) { }
        }
    }
}
