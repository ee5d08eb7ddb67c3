using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis.Configuration;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>One sample of one group, the same for the analyzer service (every SampleIntervalMs) and its CLI (once):
/// committed offsets against the topic's log offsets, the members from the source the
/// <see cref="MembershipSourceSelector"/> chooses for this group and sample (the broker, merged with the reports'
/// counters; else the reports; else unknown), the group's <see cref="GroupTracker"/>, and its alerts.
/// Not thread-safe: one caller samples at a time.</summary>
public sealed partial class GroupSampling(
    IOptions<AnalyzerOptions> options,
    MembershipRegistry registry,
    AlertTracker alerts,
    TimeProvider time,
    ILogger<GroupSampling> logger)
{
    private readonly AnalyzerOptions _options = options.Value;
    private readonly Dictionary<string, GroupTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastSource = new(StringComparer.Ordinal);
    private readonly MembershipSourceSelector _sources = new(options.Value.MembershipSource, TimeSpan.FromMilliseconds(options.Value.SampleIntervalMs));

    /// <summary>The analyzed topic's log start and end per partition, read once per sample and shared by every group.</summary>
    public async Task<IReadOnlyDictionary<int, (long Start, long End)>> ReadLogAsync(KafkaGroupReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.PartitionCount(_options.Topic) ?? 0;
        return count == 0 ? new Dictionary<int, (long, long)>() : await reader.ReadLogOffsetsAsync(_options.Topic, count, ct).ConfigureAwait(false);
    }

    public async Task<GroupAnalysis> SampleAsync(KafkaGroupReader reader, string group, IReadOnlyDictionary<int, (long Start, long End)> log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        var topic = _options.Topic;
        var offsets = log.Count == 0 ? []
            : KafkaGroupReader.Combine(log, await reader.ReadCommittedAsync(group, topic, log.Count, ct).ConfigureAwait(false));
        var now = time.GetUtcNow();

        var askBroker = _sources.ShouldAskBroker(group, now);
        var described = askBroker ? await reader.DescribeAsync(group, topic).ConfigureAwait(false) : null;
        var source = _sources.Record(group, askBroker ? described is not null : null, now);
        var membership = Membership(group, now, source, described);
        if (!_lastSource.TryGetValue(group, out var previous) || previous != membership.Source)
        {
            _lastSource[group] = membership.Source;
            LogSource(group, membership.Source);
        }

        if (!_trackers.TryGetValue(group, out var tracker))
        {
            _trackers[group] = tracker = new GroupTracker(group, _options);
        }

        var analysis = tracker.Analyze(topic, now, offsets, membership, registry.Down(group, now), registry.RebalanceEvents(group));
        var conditions = AlertRules.Evaluate(analysis.ToAlertInputs(), _options.Alerts);
        return analysis with
        {
            Alerts = alerts.Update(group, conditions, now),
            NotEvaluable = conditions.Where(c => !c.Evaluable).ToList(),
        };
    }

    /// <summary>The broker is the truth for membership where it described the group; the reports add counters where a
    /// member also reports. Otherwise the reports, where the group has any; otherwise unknown.</summary>
    private GroupMembership Membership(string group, DateTimeOffset now, string source, BrokerGroup? described)
    {
        var reported = registry.Active(group, now).Select(MembershipRegistry.ToMember).ToList();
        var hasReports = registry.HasReports(group);
        if (source == MembershipSources.Admin && described is not null)
        {
            var members = described.Members
                .Select(m => reported.FirstOrDefault(r => r.MemberId == m.MemberId) is { } r ? m with { Replica = r.Replica, Counters = r.Counters, Strategy = r.Strategy, Protocol = r.Protocol } : m)
                .ToList();
            return new GroupMembership(MembershipSources.Admin, members, hasReports, described.State, described.Protocol);
        }
        return hasReports
            ? new GroupMembership(MembershipSources.Reports, reported, HasReports: true)
            : new GroupMembership(GroupMembership.Unknown, [], HasReports: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership of group {Group} comes from {Source}")]
    private partial void LogSource(string group, string source);
}
