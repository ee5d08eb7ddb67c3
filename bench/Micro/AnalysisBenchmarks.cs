using BenchmarkDotNet.Attributes;
using OrdersAspire.Analysis;
using OrdersAspire.Bench.AnalyzerLatency;

namespace OrdersAspire.Bench.Micro;

/// <summary>The analyzer's per-sample analysis of one group (<see cref="GroupTracker.Analyze"/>): lag, rates, Burrow
/// status, lag in seconds, balance, hot partitions, health; the history grows to its steady-state size first.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private SyntheticGroup _group = null!;

    [Params(6, 1000)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _group = new SyntheticGroup("bench", Partitions, Partitions == 6 ? 3 : 50);
        for (var i = 0; i < 40; i++)
        {
            _group.Sample(); // fill the rate windows and the Burrow window
        }
    }

    [Benchmark]
    public GroupAnalysis AnalyzeOneSample() => _group.Sample();
}
