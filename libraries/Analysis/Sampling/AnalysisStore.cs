using System.Collections.Concurrent;
using OrdersAspire.Analysis;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>The watched groups (the configured ones, then those asked for by name, up to <see cref="MaxGroups"/>) and
/// the latest immutable analysis per group, written by the sampler and read by the API, health checks, metrics and web
/// view. Thread-safe.</summary>
public sealed class AnalysisStore
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, GroupAnalysis> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _firstAnalysis = new(StringComparer.Ordinal);
    private List<string> _watched;

    public AnalysisStore(IEnumerable<string> groups, int maxGroups = int.MaxValue)
    {
        Configured = groups.Distinct(StringComparer.Ordinal).ToList();
        _watched = [.. Configured];
        MaxGroups = Math.Max(maxGroups, Configured.Count);
    }

    /// <summary>The groups of <c>Analyzer:Groups</c>.</summary>
    public IReadOnlyList<string> Configured { get; }

    /// <summary>How many groups may be watched in all (<c>Analyzer:MaxWatchedGroups</c>).</summary>
    public int MaxGroups { get; }

    /// <summary>Every watched group, analyzed yet or not: the configured ones first, then the others in the order asked.</summary>
    public IReadOnlyList<string> Groups
    {
        get
        {
            lock (_lock)
            {
                return _watched;
            }
        }
    }

    public bool IsKnown(string group) => Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>Starts watching <paramref name="group"/>; false when <see cref="MaxGroups"/> are watched already (true
    /// when it is watched already).</summary>
    public bool TryWatch(string group)
    {
        lock (_lock)
        {
            if (_watched.Contains(group, StringComparer.Ordinal))
            {
                return true;
            }

            if (_watched.Count >= MaxGroups)
            {
                return false;
            }

            _watched = [.. _watched, group];
            return true;
        }
    }

    public GroupAnalysis? Get(string group) => _groups.GetValueOrDefault(group);

    public IReadOnlyList<GroupAnalysis> All() => Groups.Select(Get).OfType<GroupAnalysis>().ToList();

    public void Set(GroupAnalysis analysis)
    {
        _groups[analysis.Group] = analysis;
        FirstAnalysis(analysis.Group).TrySetResult();
    }

    /// <summary>The group's latest analysis, waiting up to <paramref name="timeout"/> for its first one.</summary>
    public async Task<GroupAnalysis?> WaitForAsync(string group, TimeSpan timeout, CancellationToken ct)
    {
        if (Get(group) is { } analysis)
        {
            return analysis;
        }

        try
        {
            await FirstAnalysis(group).Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        return Get(group);
    }

    private TaskCompletionSource FirstAnalysis(string group) =>
        _firstAnalysis.GetOrAdd(group, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
