namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>
/// A hot partition: a <see cref="Share"/> of the orders go to customers whose key hashes (murmur2) to
/// <see cref="Partition"/>, the rest to the other customers, each group chosen uniformly. With share 0.6 on
/// 6 partitions the hot partition carries 60% of the orders and each other one 8%.
/// </summary>
public sealed class HotPartitionKeys : KeyDistribution
{
    private readonly int[] _hot;
    private readonly int[] _cold;

    public HotPartitionKeys(int customers, int partitionCount, int partition, double share) : base(customers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, partitionCount);
        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share must be in (0, 1].");
        }

        var hot = new List<int>();
        var cold = new List<int>();
        for (var customer = 0; customer < customers; customer++)
        {
            (Murmur2.Partition(CustomerIds.Format(customer), partitionCount) == partition ? hot : cold).Add(customer);
        }

        if (hot.Count == 0)
        {
            throw new ArgumentException(
                $"No customer id among {customers} hashes to partition {partition} of {partitionCount}; use a larger key space.", nameof(customers));
        }

        _hot = [.. hot];
        _cold = [.. cold];
        PartitionCount = partitionCount;
        Partition = partition;
        Share = share;
    }

    public int PartitionCount { get; }

    public int Partition { get; }

    public double Share { get; }

    /// <summary>How many customers of the key space live on the hot partition.</summary>
    public int HotCustomers => _hot.Length;

    /// <summary>Whether some customer of <paramref name="customers"/> lands on <paramref name="partition"/>.</summary>
    public static bool HasCustomerOn(int customers, int partitionCount, int partition)
    {
        for (var customer = 0; customer < customers; customer++)
        {
            if (Murmur2.Partition(CustomerIds.Format(customer), partitionCount) == partition)
            {
                return true;
            }
        }

        return false;
    }

    public override int NextCustomer(Random random)
    {
        var fromHot = _cold.Length == 0 || random.NextDouble() < Share;
        var group = fromHot ? _hot : _cold;
        return group[random.Next(group.Length)];
    }
}
