using OrdersAspire.Analyzer.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class ReplicaAdvisorTests
{
    private static Dictionary<int, (long Lag, double IncomingRate)> Partitions(int count, long lagEach, double rateEach) =>
        Enumerable.Range(0, count).ToDictionary(p => p, _ => (lagEach, rateEach));

    public static TheoryData<string, Dictionary<int, (long, double)>, int, double, int, int, bool, int?> Cases => new()
    {
        // name, partitions, current, per-replica rate, target s, recommended, capped, limiting partition
        { "keeping up, no lag: 1 replica enough", Partitions(6, 0, 10), 3, 100, 300, 1, false, null },
        { "incoming 60/s + 6000 lag in 60 s = 160/s at 50/s → 4", Partitions(6, 1000, 10), 3, 50, 60, 4, false, null },
        { "exact multiple is not rounded up", Partitions(6, 0, 50), 2, 100, 300, 3, false, null },
        { "needs 12 but 6 partitions: capped, and each partition alone is beyond one replica", Partitions(6, 10_000, 0), 3, 50, 100, 6, true, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recommends_replicas(string name, Dictionary<int, (long, double)> partitions, int current, double perReplica, int targetSeconds,
        int recommended, bool capped, int? limiting)
    {
        var advice = ReplicaAdvisor.Advise(partitions.ToDictionary(p => p.Key, p => (p.Value.Item1, p.Value.Item2)), current, perReplica, TimeSpan.FromSeconds(targetSeconds));
        Assert.True(recommended == advice.RecommendedReplicas, $"{name}: recommended {advice.RecommendedReplicas}");
        Assert.Equal(capped, advice.CappedAtPartitions);
        Assert.Equal(limiting, advice.LimitingPartition);
    }

    [Fact]
    public void One_hot_partition_beyond_one_replica_is_called_out()
    {
        var partitions = Partitions(6, 0, 5);
        partitions[3] = (30_000, 80); // alone needs 80 + 100 = 180/s, one replica does 100/s
        var advice = ReplicaAdvisor.Advise(partitions, 3, 100, TimeSpan.FromSeconds(300));
        Assert.Equal(3, advice.LimitingPartition);
        Assert.Contains("partition 3 alone needs", advice.Explanation);
        Assert.Contains("no replica count", advice.Explanation);
    }

    [Fact]
    public void Capped_advice_says_so()
    {
        var advice = ReplicaAdvisor.Advise(Partitions(6, 10_000, 0), 3, 50, TimeSpan.FromSeconds(100));
        Assert.Contains("capped at the 6 partitions", advice.Explanation);
    }

    [Fact]
    public void Without_a_measured_rate_keeps_the_current_count()
    {
        var advice = ReplicaAdvisor.Advise(Partitions(6, 100, 1), 3, 0, TimeSpan.FromSeconds(60));
        Assert.Equal(3, advice.RecommendedReplicas);
        Assert.Contains("no processing rate measured", advice.Explanation);
    }

    [Fact]
    public void Target_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicaAdvisor.Advise(Partitions(6, 0, 0), 1, 1, TimeSpan.Zero));
}
