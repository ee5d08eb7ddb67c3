using OrdersAspire.Analysis.Configuration;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analysis;

/// <summary>The history of one group (offset samples, commit windows, counters) and the analysis of its latest
/// sample. No I/O: the sampler feeds it offsets and members, time comes with the sample. Not thread-safe: one
/// sampler owns it and publishes the immutable <see cref="GroupAnalysis"/> it returns.</summary>
public sealed class GroupTracker(string group, AnalyzerOptions options)
{
    private readonly Dictionary<int, PartitionHistory> _partitions = [];
    private readonly Dictionary<string, List<(DateTimeOffset At, ConsumerCounters Counters)>> _counters = new(StringComparer.Ordinal);
    private readonly CapacityEstimator _capacity = new(TimeSpan.FromSeconds(options.RateWindowSeconds), TimeSpan.FromSeconds(options.Alerts.CounterWindowSeconds));
    private long _lastCommitsAttempted = -1;

    public string Group { get; } = group;

    /// <summary>A sample whose members come from <paramref name="membershipSource"/>, of a group that publishes reports.</summary>
    public GroupAnalysis Analyze(
        string topic,
        DateTimeOffset now,
        IReadOnlyList<PartitionOffsets> offsets,
        IReadOnlyList<MemberInput> members,
        IReadOnlyList<string> downMembers,
        IReadOnlyList<MemberRebalanceEvent> rebalanceEvents,
        string membershipSource) =>
        Analyze(topic, now, offsets, new GroupMembership(membershipSource, members, HasReports: true), downMembers, rebalanceEvents);

    public GroupAnalysis Analyze(
        string topic,
        DateTimeOffset now,
        IReadOnlyList<PartitionOffsets> offsets,
        GroupMembership membership,
        IReadOnlyList<string> downMembers,
        IReadOnlyList<MemberRebalanceEvent> rebalanceEvents)
    {
        var members = membership.Members;
        var rateWindow = TimeSpan.FromSeconds(options.RateWindowSeconds);
        var counterWindow = TimeSpan.FromSeconds(options.Alerts.CounterWindowSeconds);
        RecordCounters(members, now, counterWindow);
        var commitsAttempted = members.Sum(m => m.Counters?.CommitsAttempted ?? 0);
        var commitActivity = _lastCommitsAttempted >= 0 && commitsAttempted > _lastCommitsAttempted;
        _lastCommitsAttempted = commitsAttempted;

        var owners = new Dictionary<int, MemberInput>();
        foreach (var member in members.OrderBy(m => m.ReportedAt))
        {
            foreach (var p in member.Partitions)
            {
                owners[p] = member;
            }
        }

        var rows = new List<PartitionAnalysis>();
        var statuses = new List<BurrowStatus>();
        foreach (var o in offsets.OrderBy(o => o.Partition))
        {
            if (!_partitions.TryGetValue(o.Partition, out var history))
            {
                _partitions[o.Partition] = history = new PartitionHistory(options);
            }

            var lag = o.Committed is { } c ? Math.Max(0, o.LogEnd - c) : Math.Max(0, o.LogEnd - o.LogStart);
            history.Observe(o, lag, now, commitActivity, rateWindow);

            var incoming = RateCalculator.Rate(history.LogEnds, rateWindow, now);
            var processing = RateCalculator.Rate(history.Committed, rateWindow, now);
            // Never committed: the group starts from the log start, so that is how far behind it is.
            var lagSeconds = history.LagTable.LagTime(o.Committed ?? o.LogStart, now)?.TotalSeconds;
            var status = o.Committed is null ? BurrowStatus.Ok : BurrowEvaluator.EvaluatePartition(history.Window.Entries, lag, now);
            statuses.Add(status);
            owners.TryGetValue(o.Partition, out var owner);
            rows.Add(new PartitionAnalysis(topic, o.Partition, o.Committed, o.LogEnd, o.LogStart, lag,
                owner?.MemberId, owner?.Host, owner?.ClientId, owner?.Replica,
                lagSeconds is { } s ? Math.Round(s, 3) : null, Math.Round(incoming, 3), Math.Round(processing, 3),
                status, history.MessagesLost + history.CurrentLoss, Hot: false));
        }

        var incomingRates = rows.ToDictionary(r => r.Partition, r => r.IncomingRate);
        var hot = HotPartitionDetector.Detect(incomingRates, options.Alerts.HotPartitionFactor, options.Alerts.HotPartitionMinRate);
        var hotSet = hot.Select(h => h.Partition).ToHashSet();
        rows = rows.Select(r => hotSet.Contains(r.Partition) ? r with { Hot = true } : r).ToList();
        var byPartition = rows.ToDictionary(r => r.Partition);

        var owned = members.Select(m => (IReadOnlyList<int>)m.Partitions.Where(byPartition.ContainsKey).ToList()).ToList();
        var loads = LoadBalance.MemberLoads(owned, incomingRates);
        var totalLoad = loads.Sum();
        var memberRows = members.Select((m, i) => new MemberAnalysis(
            m.MemberId, m.Replica, m.Host, m.ClientId, m.Strategy, m.Protocol, m.Partitions.Order().ToList(),
            owned[i].Sum(p => byPartition[p].Lag),
            Math.Round(owned[i].Sum(p => byPartition[p].IncomingRate), 3),
            Math.Round(owned[i].Sum(p => byPartition[p].ProcessingRate), 3),
            totalLoad > 0 ? Math.Round(loads[i] / totalLoad * 100, 1) : 0,
            m.ReportedAt, m.Counters)).OrderBy(m => m.Replica, StringComparer.Ordinal).ToList();

        var totalLag = rows.Sum(r => r.Lag);
        var incomingTotal = rows.Sum(r => r.IncomingRate);
        var processingTotal = rows.Sum(r => r.ProcessingRate);
        _capacity.Observe(now, totalLag, processingTotal, membership.MembersKnown ? members.Count : null);

        var rebalances = RebalanceTimeline.Build(rebalanceEvents, TimeSpan.FromMilliseconds(options.RebalanceGapMs));
        var (heartbeatFailures, commitRatio) = CounterDeltas();
        var health = GroupHealth.Evaluate(Group, rows.Select(r => r.Lag).ToList(), membership.MembersKnown ? members.Count : null, options.Alerts.HealthLagThreshold);
        var (state, stateSource, protocol, protocolSource) = StateAndProtocol(rows.Count, membership);
        var reports = membership.HasReports;
        List<string> unknown = reports ? [] : ["rebalancesPerHour", "heartbeatFailures", "commitSuccessRatio", "downMembers"];
        if (!membership.MembersKnown)
        {
            unknown.InsertRange(0, ["members", "owners"]);
        }

        return new GroupAnalysis
        {
            Group = Group,
            Topic = topic,
            At = now,
            State = state,
            StateSource = stateSource,
            Protocol = protocol,
            ProtocolSource = protocolSource,
            MembershipSource = membership.Source,
            HasReports = reports,
            UnknownSignals = unknown,
            Partitions = rows,
            Members = memberRows,
            TotalLag = totalLag,
            AverageLag = rows.Count == 0 ? 0 : Math.Round((double)totalLag / rows.Count, 2),
            MaxLag = rows.Count == 0 ? 0 : rows.Max(r => r.Lag),
            MaxLagSeconds = rows.Select(r => r.LagSeconds).Max(),
            IncomingRate = Math.Round(incomingTotal, 3),
            ProcessingRate = Math.Round(processingTotal, 3),
            TimeToDrainSeconds = DrainEstimate.TimeToDrain(totalLag, processingTotal, incomingTotal)?.TotalSeconds,
            PartitionSpread = LoadBalance.PartitionSpread(owned.Select(o => o.Count)),
            ImbalancePercent = Math.Round(LoadBalance.ImbalancePercent(loads), 2),
            HotPartitions = hot,
            Status = BurrowEvaluator.EvaluateGroup(statuses),
            MessagesLost = rows.Sum(r => r.MessagesLost),
            Rebalances = rebalances,
            RebalancesPerHour = reports ? RebalanceTimeline.PerHour(rebalances, now, TimeSpan.FromHours(1)) : null,
            HeartbeatFailures = reports ? heartbeatFailures : null,
            CommitSuccessRatio = reports ? commitRatio : null,
            MeasuredReplicaCapacity = _capacity.PerReplica is { } capacity ? Math.Round(capacity, 3) : null,
            Health = health,
            DownMembers = downMembers,
        };
    }

    /// <summary>The broker's state and protocol where it described the group; else what the reports imply (members →
    /// Stable, none → Empty; the members' reported protocol); else unknown.</summary>
    internal static (string State, string StateSource, string Protocol, string ProtocolSource) StateAndProtocol(int partitions, GroupMembership m)
    {
        var reportedProtocol = m.Members.Select(x => x.Protocol).FirstOrDefault(p => !string.IsNullOrEmpty(p) && p != GroupMembership.Unknown);
        var (protocol, protocolSource) = m.BrokerProtocol is { } bp ? (bp, SignalSources.Broker)
            : m.HasReports && reportedProtocol is { } rp ? (rp, SignalSources.Reports)
            : (GroupMembership.Unknown, SignalSources.Unknown);
        if (m.BrokerState is { } bs)
        {
            return (bs, SignalSources.Broker, protocol, protocolSource);
        }

        if (partitions == 0 || !m.HasReports)
        {
            return ("Unknown", SignalSources.Unknown, protocol, protocolSource);
        }

        return (m.Members.Count > 0 ? "Stable" : "Empty", SignalSources.Reports, protocol, protocolSource);
    }

    private void RecordCounters(IReadOnlyList<MemberInput> members, DateTimeOffset now, TimeSpan window)
    {
        foreach (var member in members)
        {
            if (member.Counters is null)
            {
                continue;
            }

            if (!_counters.TryGetValue(member.Replica, out var list))
            {
                _counters[member.Replica] = list = [];
            }

            if (list.Count > 0 && list[^1].Counters.Processed > member.Counters.Processed)
            {
                list.Clear(); // the member restarted: its counters start again from zero
            }

            list.Add((now, member.Counters));
        }
        foreach (var (key, list) in _counters.ToList())
        {
            list.RemoveAll(e => e.At <= now - window);
            if (list.Count == 0)
            {
                _counters.Remove(key);
            }
        }
    }

    /// <summary>Heartbeat failures and commit success within the counter window: the increase of each member's counters
    /// between its oldest and newest report in the window. A member seen once contributes nothing yet: its counters
    /// are totals since it started, which may be long before the window.</summary>
    private (long HeartbeatFailures, double CommitSuccessRatio) CounterDeltas()
    {
        long heartbeats = 0, attempted = 0, failed = 0;
        foreach (var list in _counters.Values)
        {
            var first = list[0].Counters;
            var last = list[^1].Counters;
            heartbeats += Math.Max(0, last.HeartbeatFailures - first.HeartbeatFailures);
            attempted += Math.Max(0, last.CommitsAttempted - first.CommitsAttempted);
            failed += Math.Max(0, last.CommitsFailed - first.CommitsFailed);
        }
        return (heartbeats, CommitSuccess.Ratio(attempted, failed));
    }

    private sealed class PartitionHistory(AnalyzerOptions options)
    {
        private long? _pendingLoss;

        public OffsetTimeTable LagTable { get; } = new(options.LagTableSize);
        public CommitWindow Window { get; } = new(options.StatusWindowSize);
        public List<OffsetPoint> LogEnds { get; } = [];
        public List<OffsetPoint> Committed { get; } = [];
        public long MessagesLost { get; private set; }

        public void Observe(PartitionOffsets o, long lag, DateTimeOffset now, bool commitActivity, TimeSpan rateWindow)
        {
            LagTable.Add(new OffsetPoint(o.LogEnd, now));
            Append(LogEnds, new OffsetPoint(o.LogEnd, now), now, rateWindow);
            if (o.Committed is not { } committed)
            {
                return;
            }

            Append(Committed, new OffsetPoint(committed, now), now, rateWindow);
            Window.Observe(committed, lag, now, commitActivity);

            // Retention: while the committed offset is behind the log start, the messages in between are gone.
            var skipped = RetentionLoss.Skipped(committed, o.LogStart);
            if (skipped > 0)
            {
                _pendingLoss = Math.Max(_pendingLoss ?? 0, skipped);
            }
            else if (_pendingLoss is { } lost)
            {
                MessagesLost += lost;
                _pendingLoss = null;
            }
        }

        public long CurrentLoss => _pendingLoss ?? 0;

        private static void Append(List<OffsetPoint> list, OffsetPoint point, DateTimeOffset now, TimeSpan window)
        {
            if (list.Count > 0 && point.Offset < list[^1].Offset)
            {
                list.Clear();
            }

            list.Add(point);
            list.RemoveAll(p => p.Time <= now - window - window);
        }
    }
}
