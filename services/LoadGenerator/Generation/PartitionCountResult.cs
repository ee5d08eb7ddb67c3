namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>A topic's partition count, or why it is not known.</summary>
public readonly record struct PartitionCountResult(int? Count, string? Error);
