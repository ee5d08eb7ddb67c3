using OrdersAspire.Orders;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A valid order together with where it was read from.</summary>
public sealed record ConsumedOrder(Order Order, int Partition, long Offset, DateTimeOffset Timestamp);
