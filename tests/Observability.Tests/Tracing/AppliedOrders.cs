using System.Collections.Concurrent;

namespace OrdersAspire.Observability.Tests.Tracing;

/// <summary>Order ids a consumer host applied, with their partition.</summary>
public sealed class AppliedOrders
{
    public ConcurrentDictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);
}
