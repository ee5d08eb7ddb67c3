namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>The outcome of applying one batch: orders newly applied, and orders already present (left unchanged).</summary>
public readonly record struct ApplyResult(int Applied, int Duplicates)
{
    public int Total => Applied + Duplicates;

    public static ApplyResult operator +(ApplyResult a, ApplyResult b) => new(a.Applied + b.Applied, a.Duplicates + b.Duplicates);
}
