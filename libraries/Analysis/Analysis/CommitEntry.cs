namespace OrdersAspire.Analysis;

/// <summary>One commit in Burrow's sliding window: the committed offset, the lag at that moment and when it was seen.</summary>
public readonly record struct CommitEntry(long Offset, long Lag, DateTimeOffset Time);
