namespace OrdersAspire.Analysis;

/// <summary>An offset observed at a time: a partition's log-end offset (for lag in seconds) or a committed offset.</summary>
public readonly record struct OffsetPoint(long Offset, DateTimeOffset Time);
