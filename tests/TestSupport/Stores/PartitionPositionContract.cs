using OrdersAspire.ConsumerGroups.Processing;
using Xunit;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.Testing.Stores;

/// <summary>What every effect store promises about partition positions, whatever else it keeps: after each batch the
/// partition's next offset is the one after that batch, per partition, and unknown before a first batch.</summary>
public static class PartitionPositionContract
{
    public static async Task EachPartitionKeepsTheOffsetAfterItsLastDurableBatchAsync(
        Func<IReadOnlyList<ProcessedOrder>, Task> apply, Func<int, Task<long?>> nextOffset)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(nextOffset);
        Assert.Null(await nextOffset(0));
        await apply(Range(0, 10, partition: 0));
        await apply(Range(100, 5, partition: 3));
        await apply(Range(0, 4, partition: 0)); // a redelivered batch: the effects hold more than it says
        await apply(Range(110, 2, partition: 3));

        Assert.Equal(4, await nextOffset(0));
        Assert.Equal(112, await nextOffset(3));
        Assert.Null(await nextOffset(1));
    }
}
