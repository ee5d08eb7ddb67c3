using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>The consumer's metrics. OpenTelemetry messaging names where they exist
/// (<c>messaging.client.consumed.messages</c>, <c>messaging.process.duration</c>), ours under <c>ordersaspire.consumer.*</c>.
/// Heartbeat and session failures are counted by the Kafka client integration (<c>kafka.consumer.heartbeat.failures</c>).
/// Every instrument carries <c>messaging.consumer.group.name</c>, so Prometheus can tell the groups apart. Recorded only
/// through <see cref="ConsumerEventRecorder"/>, which defines what each counts.</summary>
public sealed class ConsumerMetrics : IDisposable
{
    public const string MeterName = "OrdersAspire.ConsumerGroups";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _group;
    private readonly Counter<long> _consumed;
    private readonly Histogram<double> _processDuration;
    private readonly Histogram<long> _batchSize;
    private readonly Counter<long> _rebalances;
    private readonly Histogram<double> _rebalancePause;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _transientFailures;
    private readonly Counter<long> _deadLetterFailures;
    private readonly Counter<long> _deadLetterRebuilds;
    private int _assignedPartitions;
    private int _blockedPartitions;

    public ConsumerMetrics(IMeterFactory meterFactory, IOptions<ConsumerGroupOptions> options)
    {
        _meter = meterFactory.Create(MeterName);
        _group = new("messaging.consumer.group.name", options.Value.GroupId);
        _consumed = _meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Messages processed (valid or dead-lettered) and their offsets stored");
        _processDuration = _meter.CreateHistogram<double>("messaging.process.duration", "s", "Time to apply a batch durably, per message in it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _batchSize = _meter.CreateHistogram<long>("ordersaspire.consumer.batch.size", "{message}", "Messages per partition batch",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });
        _rebalances = _meter.CreateCounter<long>("ordersaspire.consumer.rebalances", "{rebalance}", "Rebalance callbacks by kind (assigned, revoked, lost); kind=assigned counts completed rebalances");
        _rebalancePause = _meter.CreateHistogram<double>("ordersaspire.consumer.rebalance.pause", "s", "Time from revoke or loss to the next assignment",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30, 60] });
        _commits = _meter.CreateCounter<long>("ordersaspire.consumer.commits", "{commit}", "Offset commits by result (success, failure)");
        _duplicates = _meter.CreateCounter<long>("ordersaspire.consumer.duplicates", "{message}", "Redelivered orders the idempotent store absorbed");
        _deadLettered = _meter.CreateCounter<long>("ordersaspire.consumer.dead_lettered", "{message}", "Messages sent to the dead-letter topic");
        _transientFailures = _meter.CreateCounter<long>("ordersaspire.consumer.transient_failures", "{failure}", "Batch applications that failed transiently and were retried");
        _deadLetterFailures = _meter.CreateCounter<long>("ordersaspire.consumer.dead_letter.failures", "{failure}", "Dead letters the broker did not accept, by kind (transient, fatal, rejected) and error");
        _deadLetterRebuilds = _meter.CreateCounter<long>("ordersaspire.consumer.dead_letter.producer_rebuilds", "{rebuild}", "Dead-letter producers replaced after a fatal error");
        _meter.CreateObservableGauge("ordersaspire.consumer.blocked_partitions", () => new Measurement<int>(Volatile.Read(ref _blockedPartitions), _group),
            "{partition}", "Partitions stopped at a dead letter the broker rejects");
        _meter.CreateObservableGauge("ordersaspire.consumer.assigned_partitions", () => new Measurement<int>(Volatile.Read(ref _assignedPartitions), _group),
            "{partition}", "Partitions currently assigned to this member");
    }

    internal void Consumed(string topic, int partition, int count, double batchSeconds)
    {
        var tags = new TagList { _group, { "messaging.destination.name", topic }, { "messaging.destination.partition.id", partition.ToString() } };
        _consumed.Add(count, tags);
        _batchSize.Record(count, tags);
        if (!_processDuration.Enabled)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            _processDuration.Record(batchSeconds, tags); // the convention's unit is one message
        }
    }

    internal void Rebalanced(string kind) => _rebalances.Add(1, _group, new("kind", kind));
    internal void RebalancePause(TimeSpan pause) => _rebalancePause.Record(pause.TotalSeconds, _group);
    internal void Commit(bool success) => _commits.Add(1, _group, new("result", success ? "success" : "failure"));
    internal void Duplicates(int count)
    {
        if (count > 0)
        {
            _duplicates.Add(count, _group);
        }
    }
    internal void DeadLettered() => _deadLettered.Add(1, _group);
    internal void TransientFailure() => _transientFailures.Add(1, _group);
    internal void DeadLetterFailed(DeadLetterFailureKind kind, ErrorCode code) =>
        _deadLetterFailures.Add(1, _group, new("kind", kind.ToString().ToLowerInvariant()), new("error.type", code.ToString()));
    internal void DeadLetterProducerRebuilt() => _deadLetterRebuilds.Add(1, _group);
    internal void Assigned(int partitionCount) => Volatile.Write(ref _assignedPartitions, partitionCount);
    internal void Blocked(int partitionCount) => Volatile.Write(ref _blockedPartitions, partitionCount);

    public void Dispose() => _meter.Dispose();
}
