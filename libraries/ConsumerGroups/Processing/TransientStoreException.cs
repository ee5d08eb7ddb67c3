namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A store operation failed for a reason that may pass (database busy or locked, connection lost, I/O,
/// deadlock). Nothing of the batch was applied: retry the same batch after a backoff and do not store offsets past
/// it. The original error is the inner exception.</summary>
public sealed class TransientStoreException : Exception
{
    public TransientStoreException(string message, Exception innerException) : base(message, innerException) { }
}
