using OrdersAspire.LoadGenerator.Generation;
using OrdersAspire.LoadGenerator.Keys;
using OrdersAspire.Orders;

namespace OrdersAspire.LoadGenerator.Tests.Generation;

public class OrderFactoryTests
{
    [Fact]
    public void Orders_are_valid_and_realistic()
    {
        var factory = new OrderFactory(new Random(5), TimeProvider.System);
        var ids = new HashSet<string>();
        for (var customer = 0; customer < 2000; customer++)
        {
            var order = factory.Create(customer);

            Assert.Null(OrderValidator.Validate(order));
            Assert.True(Guid.TryParse(order.OrderId, out _));
            Assert.True(ids.Add(order.OrderId));
            Assert.Equal(CustomerIds.Format(customer), order.CustomerId);
            Assert.Equal(CustomerIds.RegionOf(customer), order.Region);
            Assert.InRange(order.Items.Count, 1, 5);
            Assert.All(order.Items, item => Assert.Equal(item.UnitPrice, Math.Round(item.UnitPrice, 2)));
            Assert.Equal(order.Items.Sum(item => item.Quantity * item.UnitPrice), order.Total); // exact
            Assert.Equal(order.Region.StartsWith("eu-", StringComparison.Ordinal) ? "EUR" : "USD", order.Currency);
            Assert.InRange(order.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

            var read = OrderCodec.Read(factory.Serialize(order), order.CustomerId);
            Assert.True(read.IsValid, read.Reason);
            Assert.Equal(order.OrderId, read.Order!.OrderId);
        }
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(4000)]
    [InlineData(65_536)]
    public void Orders_are_padded_to_the_payload_size(int payloadBytes)
    {
        var factory = new OrderFactory(new Random(6), TimeProvider.System, payloadBytes);
        for (var i = 0; i < 20; i++)
        {
            var order = factory.Create(i);
            var bytes = factory.Serialize(order);

            Assert.Equal(payloadBytes, bytes.Length);
            Assert.True(OrderCodec.Read(bytes).IsValid);
        }
    }

    [Fact]
    public void Small_payload_sizes_leave_the_order_unpadded()
    {
        var factory = new OrderFactory(new Random(6), TimeProvider.System, payloadBytes: 10);
        var order = factory.Create(1);
        Assert.Equal(OrderCodec.Serialize(order), factory.Serialize(order));
    }
}
