using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Bench.AnalyzerLatency;

/// <summary>A made-up group for the analyzer's pure code: <c>partitions</c> partitions shared by <c>members</c>
/// members (round-robin), offsets advancing by one second of traffic per sample with an uneven lag, counters
/// growing. Each <see cref="Sample"/> runs one analysis as the sampler would every interval.</summary>
public sealed class SyntheticGroup
{
    private readonly GroupTracker _tracker;
    private readonly int _partitions;
    private readonly List<string> _memberIds;
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch.AddYears(56);
    private long _step;

    public SyntheticGroup(string group, int partitions, int members)
    {
        _tracker = new GroupTracker(group, new AnalyzerOptions { Groups = [group] });
        _partitions = partitions;
        _memberIds = [.. Enumerable.Range(0, members).Select(i => $"member-{i:D3}-{group}")];
    }

    public GroupAnalysis Sample()
    {
        _step++;
        _now = _now.AddSeconds(1);
        var offsets = new List<PartitionOffsets>(_partitions);
        for (var p = 0; p < _partitions; p++)
        {
            var end = _step * (100 + p % 7 * 10);
            offsets.Add(new PartitionOffsets(p, 0, end, Math.Max(0, end - p % 13 * 5)));
        }
        var members = _memberIds.Select((id, i) => new MemberInput(
            id, $"replica-{i}", "10.0.0." + i, "client-" + i, "range", "classic",
            [.. Enumerable.Range(0, _partitions).Where(p => p % _memberIds.Count == i)],
            new ConsumerCounters(_step * 1000, 0, 0, _step, 0, 0, 1), _now)).ToList();
        return _tracker.Analyze("order-events", _now, offsets, members, [], [], MembershipSources.Reports);
    }
}
