using System.Diagnostics;
using Confluent.Kafka;

namespace OrdersAspire.Bench.Orders;

/// <summary>Produces bench orders: a burst as fast as the producer goes, or a paced stream on an elapsed-time schedule
/// (no drift), optionally to explicit partitions and keeping every order id.</summary>
public static class OrderStream
{
    /// <summary>What was produced: how many, their ids (when kept), and when the first and the last were handed to the
    /// producer and when the last was acknowledged (stopwatch timestamps).</summary>
    public sealed record Produced(long Count, IReadOnlyList<string> OrderIds, long FirstAt, long LastAt, long AcknowledgedAt)
    {
        public TimeSpan Duration => Stopwatch.GetElapsedTime(FirstAt, LastAt);
    }

    /// <summary><paramref name="count"/> orders as fast as the producer takes them (waiting when its queue is full).</summary>
    public static Produced Burst(string bootstrap, string topic, long count, bool keepIds = false)
    {
        using var producer = BenchOrders.Producer(bootstrap);
        var ids = keepIds ? new List<string>((int)count) : [];
        var first = Stopwatch.GetTimestamp();
        for (long i = 0; i < count; i++)
        {
            Produce(producer, topic, null, NewMessage(i, ids, keepIds));
        }

        var last = Stopwatch.GetTimestamp();
        Flush(producer);
        return new Produced(count, ids, first, last, Stopwatch.GetTimestamp());
    }

    /// <summary><paramref name="rate"/> orders per second for <paramref name="duration"/>; <paramref name="partitionOf"/>
    /// picks the partition of order i (null: the key's murmur2 partition). <paramref name="onProgress"/> gets the orders
    /// produced so far, every few milliseconds.</summary>
    public static async Task<Produced> PacedAsync(string bootstrap, string topic, int rate, TimeSpan duration,
        Func<long, int?>? partitionOf = null, bool keepIds = false, Action<long>? onProgress = null)
    {
        using var producer = BenchOrders.Producer(bootstrap);
        var count = (long)(rate * duration.TotalSeconds);
        var ids = keepIds ? new List<string>((int)count) : [];
        var first = Stopwatch.GetTimestamp();
        long i = 0;
        while (i < count)
        {
            var due = Math.Min(count, (long)(Stopwatch.GetElapsedTime(first).TotalSeconds * rate) + 1);
            for (; i < due; i++)
            {
                Produce(producer, topic, partitionOf?.Invoke(i), NewMessage(i, ids, keepIds));
            }

            onProgress?.Invoke(i);
            await Task.Delay(1).ConfigureAwait(false);
        }
        var last = Stopwatch.GetTimestamp();
        Flush(producer);
        return new Produced(count, ids, first, last, Stopwatch.GetTimestamp());
    }

    private static Message<string, byte[]> NewMessage(long i, List<string> ids, bool keepIds)
    {
        var order = BenchOrders.New(i);
        if (keepIds)
        {
            ids.Add(order.OrderId);
        }

        return BenchOrders.Message(order);
    }

    private static void Produce(IProducer<string, byte[]> producer, string topic, int? partition, Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                if (partition is { } p)
                {
                    producer.Produce(new TopicPartition(topic, new Partition(p)), message);
                }
                else
                {
                    producer.Produce(topic, message);
                }

                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private static void Flush(IProducer<string, byte[]> producer)
    {
        var remaining = producer.Flush(TimeSpan.FromSeconds(60));
        if (remaining != 0)
        {
            throw new InvalidOperationException($"{remaining} orders were not delivered within 60 s");
        }
    }
}
