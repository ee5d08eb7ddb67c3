using System.Collections.Concurrent;
using OrdersAspire.Analyzer.Analysis;

namespace OrdersAspire.Analyzer.Sampling;

/// <summary>The latest immutable analysis per group, written by the sampler and read by the API, health checks,
/// metrics and web view.</summary>
public sealed class AnalysisStore
{
    private readonly ConcurrentDictionary<string, GroupAnalysis> _groups = new(StringComparer.Ordinal);

    public AnalysisStore(IEnumerable<string> groups) => Groups = groups.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The configured groups, whether analyzed yet or not.</summary>
    public IReadOnlyList<string> Groups { get; }

    public bool IsKnown(string group) => Groups.Contains(group, StringComparer.Ordinal);

    public GroupAnalysis? Get(string group) => _groups.GetValueOrDefault(group);

    public IReadOnlyList<GroupAnalysis> All() => Groups.Select(Get).OfType<GroupAnalysis>().ToList();

    public void Set(GroupAnalysis analysis) => _groups[analysis.Group] = analysis;
}
