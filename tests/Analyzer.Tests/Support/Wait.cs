namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>Polls a condition until it holds or the timeout passes (never a fixed sleep).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string failure) =>
        await UntilAsync(() => Task.FromResult(condition()), timeout, () => failure);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{failure()} (waited {timeout.TotalSeconds:0} s)");
            await Task.Delay(100);
        }
    }
}
