using OrdersAspire.Analysis;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class ReplicaAdvisorTests
{
    private static Dictionary<int, (long Lag, double IncomingRate)> Partitions(int count, long lagEach, double rateEach) =>
        Enumerable.Range(0, count).ToDictionary(p => p, _ => (lagEach, rateEach));

    private static (double?, string) Measured(double perReplica) => (perReplica, CapacitySources.Measured);

    public static TheoryData<string, Dictionary<int, (long, double)>, int, double, int, int, bool, int?> Cases => new()
    {
        // name, partitions, current, per-replica capacity, target s, recommended, capped, limiting partition
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
        var advice = ReplicaAdvisor.Advise(partitions.ToDictionary(p => p.Key, p => (p.Value.Item1, p.Value.Item2)), current, Measured(perReplica), TimeSpan.FromSeconds(targetSeconds));
        Assert.True(recommended == advice.RecommendedReplicas, $"{name}: recommended {advice.RecommendedReplicas}");
        Assert.Equal(capped, advice.CappedAtPartitions);
        Assert.Equal(limiting, advice.LimitingPartition);
        Assert.Equal(CapacitySources.Measured, advice.CapacitySource);
    }

    [Fact]
    public void One_hot_partition_beyond_one_replica_is_called_out()
    {
        var partitions = Partitions(6, 0, 5);
        partitions[3] = (30_000, 80); // alone needs 80 + 100 = 180/s, one replica does 100/s
        var advice = ReplicaAdvisor.Advise(partitions, 3, Measured(100), TimeSpan.FromSeconds(300));
        Assert.Equal(3, advice.LimitingPartition);
        Assert.Contains("partition 3 alone needs", advice.Explanation);
        Assert.Contains("no replica count", advice.Explanation);
    }

    [Fact]
    public void Capped_advice_says_so()
    {
        var advice = ReplicaAdvisor.Advise(Partitions(6, 10_000, 0), 3, Measured(50), TimeSpan.FromSeconds(100));
        Assert.Contains("capped at the 6 partitions", advice.Explanation);
    }

    /// <summary>The advice is the autoscaler's rule: without a capacity the lag alone decides (KEDA's count), where it
    /// used to give no advice.</summary>
    [Fact]
    public void Without_a_known_capacity_the_lag_alone_decides_and_it_says_so()
    {
        var advice = ReplicaAdvisor.Advise(Partitions(6, 700, 1), 3, ReplicaAdvisor.Capacity(null, 0, null), TimeSpan.FromSeconds(60));
        Assert.Equal(5, advice.RecommendedReplicas); // ⌈4,200 ÷ 1,000⌉
        Assert.Equal(5, advice.KedaReplicas);
        Assert.Null(advice.PerReplicaRate);
        Assert.Equal(CapacitySources.Unknown, advice.CapacitySource);
        Assert.Equal(3, advice.CurrentReplicas);
        Assert.Contains("unknown", advice.Explanation);
        Assert.Contains("Analyzer:Alerts:CapacityPerReplica", advice.Explanation);
        Assert.Contains("the lag alone decides", advice.Explanation);
    }

    [Fact]
    public void The_groups_autoscale_settings_shape_the_advice()
    {
        var settings = new AutoscaleSettings { Min = 2, Max = 4, LagThreshold = 500 };
        var advice = ReplicaAdvisor.Advise(Partitions(6, 700, 0), 3, ReplicaAdvisor.Capacity(null, 0, null), TimeSpan.FromSeconds(60), settings);
        Assert.Equal(4, advice.RecommendedReplicas); // ⌈6 × min(700, 500) ÷ 500⌉ = 6, at most Max 4
        Assert.Equal(500, advice.LagThreshold);
    }

    [Fact]
    public void No_partitions_known_no_advice()
    {
        var advice = ReplicaAdvisor.Advise(new Dictionary<int, (long, double)>(), 3, ReplicaAdvisor.Capacity(null, 0, null), TimeSpan.FromSeconds(60));
        Assert.Null(advice.RecommendedReplicas);
    }

    [Fact]
    public void Unknown_membership_still_advises_from_a_known_capacity()
    {
        var advice = ReplicaAdvisor.Advise(Partitions(6, 0, 50), null, (100, CapacitySources.Configured), TimeSpan.FromSeconds(300));
        Assert.Null(advice.CurrentReplicas);
        Assert.Equal(3, advice.RecommendedReplicas);
    }

    public static TheoryData<string, double?, double, double?, double?, string> CapacityCases => new()
    {
        // name, requested, configured, measured → per replica, source
        { "the request wins", 70, 50, 30, 70, CapacitySources.Request },
        { "then the configured capacity", null, 50, 30, 50, CapacitySources.Configured },
        { "then the measured one", null, 0, 30, 30, CapacitySources.Measured },
        { "nothing known", null, 0, null, null, CapacitySources.Unknown },
        { "a zero measurement is no measurement", null, 0, 0, null, CapacitySources.Unknown },
    };

    [Theory]
    [MemberData(nameof(CapacityCases))]
    public void Capacity_comes_from_the_request_the_configuration_or_a_measurement(string name, double? requested, double configured, double? measured,
        double? perReplica, string source)
    {
        var capacity = ReplicaAdvisor.Capacity(requested, configured, measured);
        Assert.True(perReplica == capacity.PerReplica && source == capacity.Source, $"{name}: {capacity}");
    }

    [Fact]
    public void Target_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicaAdvisor.Advise(Partitions(6, 0, 0), 1, Measured(1), TimeSpan.Zero));
}
