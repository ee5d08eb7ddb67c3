using OrdersAspire.Orders;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>What a replica applies for one order: the order's facts plus where and when it was processed.
/// The order id is the idempotency key: the first replica to apply it wins, later deliveries are duplicates.</summary>
public sealed record ProcessedOrder(
    string OrderId,
    string Status,
    decimal Total,
    string Currency,
    string CustomerId,
    string Region,
    DateTimeOffset CreatedAt,
    int Partition,
    long Offset,
    string ReplicaId,
    DateTimeOffset ProcessedAt)
{
    public const string ProcessedStatus = "processed";

    public static ProcessedOrder From(Order order, int partition, long offset, string replicaId, DateTimeOffset processedAt,
        string status = ProcessedStatus)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.OrderId, status, order.Total, order.Currency, order.CustomerId, order.Region, order.CreatedAt,
            partition, offset, replicaId, processedAt);
    }

    /// <summary>Keeps the first occurrence of each order id (ordinal) in batch order; the later ones are counted
    /// as duplicates without touching the store.</summary>
    public static (IReadOnlyList<ProcessedOrder> Unique, int Duplicates) FirstOccurrences(IReadOnlyList<ProcessedOrder> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<ProcessedOrder>(batch.Count);
        foreach (var order in batch)
        {
            if (seen.Add(order.OrderId))
            {
                unique.Add(order);
            }
        }

        return (unique, batch.Count - unique.Count);
    }

    /// <summary>The offset a consumer resumes from once <paramref name="batch"/> is durable: after its highest offset.</summary>
    public static long NextOffsetAfter(IReadOnlyList<ProcessedOrder> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("an empty batch has no offset", nameof(batch));
        }

        var highest = batch[0].Offset;
        for (var i = 1; i < batch.Count; i++)
        {
            highest = Math.Max(highest, batch[i].Offset);
        }

        return highest + 1;
    }

    /// <summary>The one partition all orders of <paramref name="batch"/> come from (the stores keep state per partition
    /// and apply a partition's batch in one transaction); a batch mixing partitions is a caller's error.</summary>
    public static int PartitionOf(IReadOnlyList<ProcessedOrder> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("an empty batch has no partition", nameof(batch));
        }

        var partition = batch[0].Partition;
        for (var i = 1; i < batch.Count; i++)
        {
            if (batch[i].Partition != partition)
            {
                throw new ArgumentException(
                    $"a batch must come from one partition; it holds partitions {partition} and {batch[i].Partition}", nameof(batch));
            }
        }

        return partition;
    }
}
