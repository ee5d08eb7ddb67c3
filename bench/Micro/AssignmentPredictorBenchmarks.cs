using BenchmarkDotNet.Attributes;
using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.Bench.Micro;

/// <summary><see cref="AssignmentPredictor.Predict(AssignmentStrategy, IReadOnlyList{string}, int, IReadOnlyDictionary{string, IReadOnlyList{int}}?, string)"/>
/// for a fresh group and for the rebalance after one member left (previous assignment given), small and large.</summary>
[MemoryDiagnoser]
public class AssignmentPredictorBenchmarks
{
    private List<string> _members = [];
    private List<string> _afterLeave = [];
    private Dictionary<string, IReadOnlyList<int>> _previous = [];

    [Params(AssignmentStrategy.Range, AssignmentStrategy.RoundRobin, AssignmentStrategy.CooperativeSticky)]
    public AssignmentStrategy Strategy { get; set; }

    /// <summary>"partitions x members".</summary>
    [Params("6x3", "1000x100")]
    public string Size { get; set; } = "6x3";

    private int Partitions => int.Parse(Size.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
    private int MemberCount => int.Parse(Size.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        _members = [.. Enumerable.Range(0, MemberCount).Select(i => $"consumer-{i:D4}-{Guid.NewGuid():N}")];
        var plan = AssignmentPredictor.Predict(Strategy, _members, Partitions);
        _previous = _members.ToDictionary(m => m, m => plan.PartitionsOf(m), StringComparer.Ordinal);
        _afterLeave = [.. _members.Skip(1)];
    }

    [Benchmark]
    public AssignmentPlan Fresh() => AssignmentPredictor.Predict(Strategy, _members, Partitions);

    [Benchmark]
    public AssignmentPlan AfterMemberLeft() => AssignmentPredictor.Predict(Strategy, _afterLeave, Partitions, _previous);
}
