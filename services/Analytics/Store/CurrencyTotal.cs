namespace OrdersAspire.Analytics.Store;

/// <summary>All orders and revenue in one currency.</summary>
public sealed record CurrencyTotal(string Currency, long Orders, decimal Revenue);
