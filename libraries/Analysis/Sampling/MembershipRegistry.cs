using OrdersAspire.Analysis;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Group membership from the consumers' reports: the latest report per (group, replica). A member is live
/// until it says it is leaving or goes silent for 3 report intervals; a silent one is listed as down for
/// <c>downRetention</c>. Rebalance callbacks from every report are kept (the last <c>eventCapacity</c> per group).
/// Time comes from the caller. Thread-safe.</summary>
public sealed class MembershipRegistry(TimeSpan reportInterval, TimeSpan downRetention, int eventCapacity = 500)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Group, string Replica), ConsumerReport> _latest = [];
    private readonly Dictionary<(string Group, string Replica), DateTimeOffset> _down = [];
    private readonly Dictionary<string, List<MemberRebalanceEvent>> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reporting = new(StringComparer.Ordinal);

    public TimeSpan Expiry { get; } = reportInterval * 3;

    public void Apply(ConsumerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            var key = (report.GroupId, report.ReplicaId);
            if (_latest.TryGetValue(key, out var previous) && previous.ReportedAt > report.ReportedAt)
            {
                return;
            }

            _latest[key] = report;
            _down.Remove(key);
            _reporting.Add(report.GroupId);

            if (!_events.TryGetValue(report.GroupId, out var events))
            {
                _events[report.GroupId] = events = [];
            }

            foreach (var e in report.RecentRebalances)
            {
                var item = new MemberRebalanceEvent(report.ReplicaId, e);
                if (!events.Any(x => x.Replica == item.Replica && x.Event.At == e.At && x.Event.Kind == e.Kind))
                {
                    events.Add(item);
                }
            }
            if (events.Count > eventCapacity)
            {
                events.Sort((a, b) => a.Event.At.CompareTo(b.Event.At));
                events.RemoveRange(0, events.Count - eventCapacity);
            }
        }
    }

    /// <summary>Live members of a group at <paramref name="now"/>; expires the silent ones into the down list.</summary>
    public IReadOnlyList<ConsumerReport> Active(string group, DateTimeOffset now)
    {
        lock (_lock)
        {
            var live = new List<ConsumerReport>();
            foreach (var (key, report) in _latest.Where(e => e.Key.Group == group).ToList())
            {
                if (report.State == ConsumerActivity.Leaving)
                {
                    _latest.Remove(key);
                    continue;
                }
                if (now - report.ReportedAt > Expiry)
                {
                    _latest.Remove(key);
                    _down[key] = report.ReportedAt;
                    continue;
                }
                live.Add(report);
            }
            return live.OrderBy(r => r.ReplicaId, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Replicas that stopped reporting without leaving, within the retention.</summary>
    public IReadOnlyList<string> Down(string group, DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var key in _down.Where(d => now - d.Value > downRetention).Select(d => d.Key).ToList())
            {
                _down.Remove(key);
            }

            return _down.Keys.Where(k => k.Group == group).Select(k => k.Replica).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Whether any consumer of the group has ever reported (since this registry started). A group without
    /// reports (any third-party consumer) has no rebalance history, counters or down members to show: unknown, not zero.</summary>
    /// <summary>The groups any report has come from, in name order.</summary>
    public IReadOnlyList<string> ReportingGroups()
    {
        lock (_lock)
        {
            return _reporting.Order(StringComparer.Ordinal).ToList();
        }
    }

    public bool HasReports(string group)
    {
        lock (_lock)
        {
            return _reporting.Contains(group);
        }
    }

    public IReadOnlyList<MemberRebalanceEvent> RebalanceEvents(string group)
    {
        lock (_lock)
        {
            return _events.TryGetValue(group, out var events) ? events.ToList() : [];
        }
    }

    public static MemberInput ToMember(ConsumerReport r) => new(
        r.MemberId ?? r.ClientId, r.ReplicaId, r.Host, r.ClientId, r.Strategy, r.Protocol, r.AssignedPartitions, r.Counters, r.ReportedAt);
}
