using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Every SampleIntervalMs, for each watched group: read offsets, take the members from the source the
/// <see cref="MembershipSourceSelector"/> chooses for this group and sample (the broker, falling back to the reports),
/// let the group's <see cref="GroupTracker"/> analyze, evaluate alerts and publish to the store.</summary>
public sealed partial class GroupSampler(
    IOptions<AnalyzerOptions> options,
    KafkaClientFactory kafka,
    MembershipRegistry registry,
    AnalysisStore store,
    AlertTracker alerts,
    TimeProvider time,
    ILogger<GroupSampler> logger) : BackgroundService
{
    private readonly AnalyzerOptions _options = options.Value;
    private readonly Dictionary<string, GroupTracker> _trackers = new(StringComparer.Ordinal);
    private readonly MembershipSourceSelector _sources = new(options.Value.MembershipSource, TimeSpan.FromMilliseconds(options.Value.SampleIntervalMs));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var admin = kafka.CreateAdminClient();
        try
        {
            var reader = new KafkaGroupReader(admin);
            var failedInARow = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.SampleIntervalMs), time);
            do
            {
                if (await SampleAllAsync(reader, stoppingToken).ConfigureAwait(false))
                {
                    failedInARow = 0;
                    continue;
                }
                if (++failedInARow < ReplaceClientAfterFailures)
                    continue;
                // After a broker outage librdkafka's admin client can keep answering LeaderNotAvailable for partitions
                // whose leader is back (seen against the embedded broker, indefinitely); a new client asks afresh.
                LogReplacingClient(failedInARow);
                admin.Dispose();
                admin = kafka.CreateAdminClient();
                reader = new KafkaGroupReader(admin);
                failedInARow = 0;
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            admin.Dispose();
        }
    }

    /// <summary>Consecutive failed samples after which the admin client is replaced.</summary>
    public const int ReplaceClientAfterFailures = 5;

    /// <summary>One sample of every group; false when any read failed (the failure is logged, the last analysis kept).</summary>
    private async Task<bool> SampleAllAsync(KafkaGroupReader reader, CancellationToken stoppingToken)
    {
        // Partitions and log offsets are the topic's, shared by every group: read them once per sample.
        var topic = _options.Topic;
        IReadOnlyDictionary<int, (long Start, long End)> log = new Dictionary<int, (long, long)>();
        try
        {
            var count = reader.PartitionCount(topic) ?? 0;
            if (count > 0)
                log = await reader.ReadLogOffsetsAsync(topic, count, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogSampleFailed(ex, topic, ex.Message);
            return false;
        }

        var allSampled = true;
        foreach (var group in store.Groups)
        {
            try
            {
                await SampleAsync(reader, group, log, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Keep sampling: a broker hiccup or one bad sample must not stop the analyzer.
                LogSampleFailed(ex, group, ex.Message);
                allSampled = false;
            }
        }
        return allSampled;
    }

    private async Task SampleAsync(KafkaGroupReader reader, string group, IReadOnlyDictionary<int, (long Start, long End)> log, CancellationToken ct)
    {
        var topic = _options.Topic;
        var offsets = log.Count == 0 ? []
            : KafkaGroupReader.Combine(log, await reader.ReadCommittedAsync(group, topic, log.Count, ct).ConfigureAwait(false));
        var now = time.GetUtcNow();

        var askBroker = _sources.ShouldAskBroker(group, now);
        var described = askBroker ? await reader.DescribeAsync(group, topic).ConfigureAwait(false) : null;
        var source = _sources.Record(group, askBroker ? described is not null : null, now);
        var previous = store.Get(group)?.MembershipSource;
        var membership = Membership(group, now, source, described);
        if (membership.Source != previous)
            LogSource(group, membership.Source);

        if (!_trackers.TryGetValue(group, out var tracker))
            _trackers[group] = tracker = new GroupTracker(group, _options);
        var analysis = tracker.Analyze(topic, now, offsets, membership, registry.Down(group, now), registry.RebalanceEvents(group));
        var conditions = AlertRules.Evaluate(analysis.ToAlertInputs(), _options.Alerts);
        store.Set(analysis with
        {
            Alerts = alerts.Update(group, conditions, now),
            NotEvaluable = conditions.Where(c => !c.Evaluable).ToList(),
        });
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failures} samples in a row failed: replacing the Kafka admin client")]
    private partial void LogReplacingClient(int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling {What} failed: {Reason}")]
    private partial void LogSampleFailed(Exception exception, string what, string reason);
}
