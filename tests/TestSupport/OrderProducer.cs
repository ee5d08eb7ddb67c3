using System.Diagnostics;
using Confluent.Kafka;
using OrdersAspire.Orders;

namespace OrdersAspire.Testing;

/// <summary>Produces <see cref="TestOrders"/> to a topic at a paced rate (scheduled against elapsed time), keyed by
/// customer, with an idempotent producer (<c>acks=all</c>), and waits for every acknowledgement: an order it returns is
/// on the broker, so "lost" can only mean the consumers lost it.</summary>
public static class OrderProducer
{
    public static async Task<IReadOnlyList<Order>> ProduceAsync(string bootstrapServers, string topic, int count, int ratePerSecond,
        CancellationToken cancellationToken)
    {
        var orders = new List<Order>(count);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        }).SetLogHandler((_, _) => { }).Build();
        var failed = 0;
        Error? firstError = null;
        var started = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var order = TestOrders.Valid(i);
            orders.Add(order);
            producer.Produce(topic, new Message<string, byte[]> { Key = order.CustomerId, Value = OrderCodec.Serialize(order) }, report =>
            {
                if (!report.Error.IsError)
                {
                    return;
                }

                Interlocked.CompareExchange(ref firstError, report.Error, null);
                Interlocked.Increment(ref failed);
            });
            var due = TimeSpan.FromSeconds((i + 1) / (double)ratePerSecond);
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed, cancellationToken).ConfigureAwait(false);
            }
        }
        var remaining = producer.Flush(TimeSpan.FromSeconds(60));
        if (remaining != 0 || failed != 0)
        {
            throw new InvalidOperationException($"{remaining} of {count} orders unacknowledged after 60 s and {failed} failed (first error: {firstError?.Reason ?? "none"})");
        }

        return orders;
    }
}
