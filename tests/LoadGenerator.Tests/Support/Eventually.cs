using System.Diagnostics;

namespace OrdersAspire.LoadGenerator.Tests.Support;

/// <summary>Waits on a condition with a deadline (polling), never for a fixed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    public static async Task<T> ResultAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(Poll);
        }
    }
}
