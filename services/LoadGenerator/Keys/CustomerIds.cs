using System.Globalization;
using OrdersAspire.Orders;

namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>The key space: customer number n (0-based) is the customer id <c>customer-0000042</c>, living in one region.</summary>
public static class CustomerIds
{
    public static string Format(int customer) =>
        "customer-" + customer.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>A customer's region: fixed per customer and spread evenly (Fibonacci hashing of the number,
    /// independent of the key's partition).</summary>
    public static string RegionOf(int customer)
    {
        var mixed = unchecked((uint)customer * 2654435761u) >> 8;
        return OrderValidator.Regions[(int)(mixed % (uint)OrderValidator.Regions.Count)];
    }
}
