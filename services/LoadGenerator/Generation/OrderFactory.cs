using System.Globalization;
using OrdersAspire.LoadGenerator.Keys;
using OrdersAspire.Orders;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// Makes realistic orders: a GUID id, the customer's fixed region, 1–5 items with SKUs, quantities and
/// prices rounded to cents, the exact total, EUR in European regions and USD elsewhere, and optionally a
/// note that pads the serialized order to about <see cref="PayloadBytes"/>.
/// </summary>
public sealed class OrderFactory(Random random, TimeProvider time, int payloadBytes = 0)
{
    public const int SkuCount = 5000;

    public int PayloadBytes { get; } = payloadBytes;

    public Order Create(int customer)
    {
        var itemCount = random.Next(1, 6);
        var items = new OrderItem[itemCount];
        var total = 0m;
        for (var i = 0; i < itemCount; i++)
        {
            var unitPrice = Math.Round(random.Next(99, 50_000) / 100m, 2, MidpointRounding.ToEven);
            var quantity = random.Next(1, 6);
            items[i] = new OrderItem
            {
                Sku = "SKU-" + random.Next(SkuCount).ToString("D5", CultureInfo.InvariantCulture),
                Quantity = quantity,
                UnitPrice = unitPrice,
            };
            total += quantity * unitPrice;
        }

        var region = CustomerIds.RegionOf(customer);
        return new Order
        {
            OrderId = Guid.NewGuid().ToString(),
            CustomerId = CustomerIds.Format(customer),
            Region = region,
            Items = items,
            Total = total,
            Currency = region.StartsWith("eu-", StringComparison.Ordinal) ? "EUR" : "USD",
            CreatedAt = time.GetUtcNow(),
        };
    }

    /// <summary>The order's JSON, padded through <see cref="Order.Note"/> when it is shorter than <see cref="PayloadBytes"/>.</summary>
    public byte[] Serialize(Order order)
    {
        var bytes = OrderCodec.Serialize(order);
        if (bytes.Length >= PayloadBytes)
        {
            return bytes;
        }

        // "note":null becomes "note":"…": the note adds its length minus 2 bytes (ASCII padding is not escaped).
        var padding = PayloadBytes - bytes.Length + 2;
        return padding <= 0 ? bytes : OrderCodec.Serialize(order with { Note = new string('x', padding) });
    }
}
