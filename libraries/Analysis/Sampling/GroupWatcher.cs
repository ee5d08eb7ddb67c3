using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Starts watching a group asked for by name, as kafka-consumer-groups --describe describes any group: a
/// valid name, committed offsets on the analyzed topic (ListConsumerGroupOffsets; ListConsumerGroups is never called)
/// and room under <see cref="AnalysisStore.MaxGroups"/>. The sampler picks the group up at its next sample. One admin
/// client serves every request (it reconnects by itself), so a burst of requests does not open a client each.</summary>
public sealed partial class GroupWatcher(AnalysisStore store, KafkaClientFactory kafka, IOptions<AnalyzerOptions> options, ILogger<GroupWatcher> logger)
    : IDisposable
{
    private readonly Lock _lock = new();
    private IAdminClient? _admin;

    public async Task<GroupWatch> WatchAsync(string group, CancellationToken ct)
    {
        if (store.IsKnown(group))
        {
            return GroupWatch.Watched;
        }

        if (GroupName.Validate(group) is { } invalid)
        {
            return new GroupWatch(GroupWatchOutcome.InvalidName, invalid);
        }

        if (store.Groups.Count >= store.MaxGroups)
        {
            return LimitReached();
        }

        var topic = options.Value.Topic;
        var reader = new KafkaGroupReader(Admin());
        // The topic's partitions are known from any sampled group; ask the broker only before the first sample.
        var partitions = store.All().Select(a => a.Partitions.Count).FirstOrDefault(n => n > 0) is var known and > 0 ? known
            : await Task.Run(() => reader.PartitionCount(topic), ct).ConfigureAwait(false);
        var committed = partitions is { } count
            ? await reader.ReadCommittedAsync(group, topic, count, ct).ConfigureAwait(false)
            : new Dictionary<int, long?>();
        if (!committed.Values.Any(o => o is not null))
        {
            return new GroupWatch(GroupWatchOutcome.NoOffsets,
                $"Group '{group}' has no committed offsets on topic '{topic}' (the topic the analyzer reads, Analyzer:Topic): "
                + "it does not exist, or has never committed there.");
        }
        if (!store.TryWatch(group))
        {
            return LimitReached();
        }

        LogWatching(group, store.Groups.Count, store.MaxGroups);
        return GroupWatch.Watched;
    }

    private IAdminClient Admin()
    {
        lock (_lock)
        {
            return _admin ??= kafka.CreateAdminClient();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _admin?.Dispose();
            _admin = null;
        }
    }

    private GroupWatch LimitReached() => new(GroupWatchOutcome.LimitReached,
        $"The analyzer already watches {store.Groups.Count} groups, its limit ({string.Join(", ", store.Groups)}); "
        + "raise Analyzer:MaxWatchedGroups to watch more (groups asked for by name are watched until the analyzer restarts).");

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching group {Group} on request ({Count} of at most {Max} groups)")]
    private partial void LogWatching(string group, int count, int max);
}

public enum GroupWatchOutcome
{
    Watched,
    InvalidName,
    NoOffsets,
    LimitReached,
}

/// <summary>Whether a group is watched now, or why not.</summary>
public sealed record GroupWatch(GroupWatchOutcome Outcome, string? Reason)
{
    public static readonly GroupWatch Watched = new(GroupWatchOutcome.Watched, null);
}
