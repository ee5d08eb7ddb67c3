namespace OrdersAspire.Analytics.Store;

/// <summary>Orders and revenue created in one minute (UTC, <see cref="Minute"/> is its start) in one currency.</summary>
public sealed record MinuteAggregate(DateTimeOffset Minute, string Currency, long Orders, decimal Revenue);
