namespace OrdersAspire.ConsumerGroups.Reports;

/// <summary>Asks the consumer loop to publish a fresh report at once (after a rebalance) instead of at its next
/// interval. Raised from any thread; taken by the loop, which sees each request once.</summary>
public sealed class ReportRequest
{
    private int _pending;

    public void Raise() => Volatile.Write(ref _pending, 1);

    /// <summary>True once per raise (however many raises came since the last take), then false until the next.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _pending, 0) == 1;
}
