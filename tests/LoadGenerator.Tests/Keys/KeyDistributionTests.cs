using OrdersAspire.LoadGenerator.Keys;
using OrdersAspire.Orders;

namespace OrdersAspire.LoadGenerator.Tests.Keys;

public class KeyDistributionTests
{
    [Fact]
    public void Uniform_spreads_over_the_whole_key_space()
    {
        var keys = new UniformKeys(10);
        var random = new Random(1);
        var counts = new int[10];
        for (var i = 0; i < 10_000; i++)
        {
            counts[keys.NextCustomer(random)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Zipf_follows_its_weights()
    {
        var keys = new ZipfKeys(1000, skew: 1.2);
        var harmonic = Enumerable.Range(1, 1000).Sum(k => Math.Pow(k, -1.2));
        Assert.Equal(1 / harmonic, keys.Probability(0), precision: 12);
        Assert.Equal(Math.Pow(2, -1.2) / harmonic, keys.Probability(1), precision: 12);

        var random = new Random(2);
        var counts = new int[1000];
        const int draws = 100_000;
        for (var i = 0; i < draws; i++)
        {
            counts[keys.NextCustomer(random)]++;
        }

        // Customer 0 gets about 1/H of the orders (≈ 24%), customer 1 about 2^-1.2 of that.
        Assert.InRange(counts[0] / (double)draws, keys.Probability(0) - 0.01, keys.Probability(0) + 0.01);
        Assert.InRange(counts[1] / (double)draws, keys.Probability(1) - 0.01, keys.Probability(1) + 0.01);
        Assert.True(counts[0] > counts[1] && counts[1] > counts[10] && counts[10] > counts[500]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Zipf_refuses_a_skew_that_is_not_positive(double skew) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfKeys(10, skew));

    [Theory]
    [InlineData(6, 2, 0.6)]
    [InlineData(3, 0, 1.0)]
    [InlineData(12, 11, 0.25)]
    public void Hot_sends_the_share_to_customers_of_the_partition(int partitions, int partition, double share)
    {
        var keys = new HotPartitionKeys(1000, partitions, partition, share);
        var random = new Random(3);
        const int draws = 20_000;
        var onPartition = 0;
        for (var i = 0; i < draws; i++)
        {
            if (Murmur2.Partition(CustomerIds.Format(keys.NextCustomer(random)), partitions) == partition)
            {
                onPartition++;
            }
        }

        Assert.InRange(onPartition / (double)draws, share - 0.02, share + 0.02);
    }

    [Fact]
    public void Hot_needs_a_customer_on_the_partition()
    {
        var partitionOfOnlyCustomer = Murmur2.Partition(CustomerIds.Format(0), 6);
        var other = (partitionOfOnlyCustomer + 1) % 6;
        Assert.False(HotPartitionKeys.HasCustomerOn(1, 6, other));
        Assert.True(HotPartitionKeys.HasCustomerOn(1, 6, partitionOfOnlyCustomer));
        Assert.Throws<ArgumentException>(() => new HotPartitionKeys(1, 6, other, 0.5));
    }

    [Fact]
    public void A_customer_always_has_the_same_region_and_regions_are_all_used()
    {
        Assert.Equal(CustomerIds.RegionOf(42), CustomerIds.RegionOf(42));
        var regions = Enumerable.Range(0, 600).Select(CustomerIds.RegionOf).ToHashSet();
        Assert.Equal(OrderValidator.Regions.ToHashSet(), regions);
        Assert.Equal("customer-0000042", CustomerIds.Format(42));
    }
}
