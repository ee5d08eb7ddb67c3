namespace OrdersAspire.Analytics.Store;

/// <summary>Orders and revenue of one region in one currency.</summary>
public sealed record RegionAggregate(string Region, string Currency, long Orders, decimal Revenue);
