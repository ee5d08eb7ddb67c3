namespace OrdersAspire.AppHost.Tests;

/// <summary>Retries an assertion until it passes or the token's deadline expires, then rethrows the last failure.</summary>
public static class Eventually
{
    public static async Task SucceedsAsync(Func<Task> assertion, CancellationToken cancellationToken, TimeSpan? pollInterval = null)
    {
        Exception? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
            try { await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), cancellationToken); }
            catch (OperationCanceledException) { break; }
        }
        throw new TimeoutException("The condition did not hold before the deadline", last);
    }
}
