using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.ConsumerGroups.Tests.Consumer;

/// <summary>Each consumer event, recorded once, shows alike in the state (<c>/api/consumer</c>), the report, the
/// metrics and the history. The host is built, not started: events are told to the recorder directly.</summary>
public sealed class ConsumerEventRecorderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly MockKafkaCluster _broker = MockKafkaCluster.Start(1);
    private readonly string _group = "recorder-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ManualClock _clock = new(T0);
    private readonly IHost _host;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();
    private readonly ConcurrentQueue<double> _pauses = new();

    public ConsumerEventRecorderTests()
    {
        _host = ConsumerGroupTestHost.Build<ConsumerGroupTestHost.NoEffects>(_broker.BootstrapServers, _group, _clock);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ConsumerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Measured(i, v, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Measured(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measured(i, v, tags));
        _meters.Start();
    }

    private ConsumerEventRecorder Events => _host.Services.GetRequiredService<ConsumerEventRecorder>();
    private ConsumerState State => _host.Services.GetRequiredService<ConsumerState>();

    [Fact]
    public void Rebalances_count_completed_assignments_alike_in_the_api_the_report_and_the_metric()
    {
        Events.Assigned("m1", [0, 1, 2]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Events.Revoked("m1", [2]);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Events.Assigned("m1", []);                 // a cooperative rebalance's second half: nothing added
        _clock.Advance(TimeSpan.FromSeconds(10));
        Events.Lost("m1", [0]);
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        Events.Assigned("m1", [3]);

        var view = ConsumerApi.GetConsumer(State, _host.Services.GetRequiredService<IOptions<ConsumerGroupOptions>>()).Value!;
        var report = BuildReport();
        Assert.Equal(3, view.Rebalances);
        Assert.Equal(State.Counters(), report.Counters);
        Assert.Equal(3, report.Counters.Rebalances);
        Assert.Equal([1, 3], view.AssignedPartitions);
        Assert.Equal("m1", report.MemberId);
        Assert.Equal([RebalanceKind.Assigned, RebalanceKind.Revoked, RebalanceKind.Assigned, RebalanceKind.Lost, RebalanceKind.Assigned],
            report.RecentRebalances.Select(e => e.Kind));
        Assert.Equal(T0.AddSeconds(18.5), report.RecentRebalances[^1].At);
        Assert.Equal(3, Sum("ordersaspire.consumer.rebalances", "assigned"));
        Assert.Equal(1, Sum("ordersaspire.consumer.rebalances", "revoked"));
        Assert.Equal(1, Sum("ordersaspire.consumer.rebalances", "lost"));
        Assert.Equal([5, 2.5], _pauses);
        _meters.RecordObservableInstruments();
        Assert.Equal(2, Last("ordersaspire.consumer.assigned_partitions"));
    }

    [Fact]
    public void Every_rebalance_asks_for_one_fresh_report()
    {
        var request = _host.Services.GetRequiredService<ReportRequest>();
        Assert.False(request.TryTake());

        Events.Assigned("m1", [0]);
        Assert.True(request.TryTake());
        Assert.False(request.TryTake());

        Events.Revoked("m1", [0]);
        Events.Lost("m1", []);
        Assert.True(request.TryTake());
        Assert.False(request.TryTake());

        Events.CommitSucceeded();
        Events.HeartbeatFailed();
        Assert.False(request.TryTake());
    }

    [Fact]
    public void Commits_and_heartbeat_failures_are_counted_once_each()
    {
        Events.CommitSucceeded();
        Events.CommitFailed("revoke", "Broker: Group rebalance in progress");
        Events.CommitSucceeded();
        Events.HeartbeatFailed();

        var counters = State.Counters();
        Assert.Equal((3L, 1L, 1L), (counters.CommitsAttempted, counters.CommitsFailed, counters.HeartbeatFailures));
        Assert.Equal(2, Sum("ordersaspire.consumer.commits", result: "success"));
        Assert.Equal(1, Sum("ordersaspire.consumer.commits", result: "failure"));
    }

    [Fact]
    public void Processing_events_move_the_partition_and_the_counters_and_a_retry_shows_in_the_phase()
    {
        Events.Assigned("m1", [4]);
        Events.BatchProcessed(4, nextOffset: 10, count: 10, duplicates: 2, TimeSpan.FromMilliseconds(5));
        Events.DeadLettered("order-events", 4, 9, "malformed JSON");
        Events.TransientFailure(new TransientStoreException("busy", new TimeoutException()), 1, TimeSpan.FromMilliseconds(100));
        Assert.Equal((ConsumerPhase.Retrying, "busy"), (State.Phase, State.LastError));
        Events.Recovered();

        Assert.Equal(ConsumerPhase.Running, State.Phase);
        var counters = State.Counters();
        Assert.Equal((10L, 2L, 1L, 1L), (counters.Processed, counters.Duplicates, counters.DeadLettered, counters.TransientFailures));
        var partition = Assert.Single(State.Partitions());
        Assert.Equal((4, 10L, 10L), (partition.Partition, partition.Position, partition.Processed));
        Assert.Equal(10, Sum("messaging.client.consumed.messages"));
        Assert.Equal(2, Sum("ordersaspire.consumer.duplicates"));
        Assert.Equal(1, Sum("ordersaspire.consumer.dead_lettered"));
        Assert.Equal(1, Sum("ordersaspire.consumer.transient_failures"));
    }

    [Fact]
    public void A_blocked_partition_shows_until_unblocked_or_taken_away()
    {
        var rejected = new DeadLetterFailedException(DeadLetterFailureKind.Rejected, new Error(ErrorCode.TopicAuthorizationFailed), new KafkaException(ErrorCode.TopicAuthorizationFailed));
        Events.Assigned("m1", [2, 5]);
        Events.PartitionBlocked(2, 7, rejected);
        Events.PartitionBlocked(2, 7, rejected); // retried: still one blocked partition
        Events.PartitionBlocked(5, 1, rejected);
        _meters.RecordObservableInstruments();
        Assert.Equal([2, 5], State.BlockedPartitions.Keys);
        Assert.Equal(2, Last("ordersaspire.consumer.blocked_partitions"));

        Events.PartitionUnblocked(2);
        Events.Revoked("m1", [5]);
        _meters.RecordObservableInstruments();
        Assert.Empty(State.BlockedPartitions);
        Assert.Equal(0, Last("ordersaspire.consumer.blocked_partitions"));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _host.Dispose();
        _broker.Dispose();
    }

    private ConsumerReport BuildReport()
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = _group })
            .SetLogHandler((_, _) => { })
            .Build();
        return _host.Services.GetRequiredService<ConsumerReportPublisher>().Build(consumer, ConsumerActivity.Active);
    }

    /// <summary>Only this test's group: other tests' hosts may be measuring at the same time.</summary>
    private void Measured<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var pairs = tags.ToArray();
        if (!pairs.Any(t => t.Key == "messaging.consumer.group.name" && (string?)t.Value == _group))
        {
            return;
        }

        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (instrument.Name == "ordersaspire.consumer.rebalance.pause")
        {
            _pauses.Enqueue(number);
        }

        var kind = pairs.FirstOrDefault(t => t.Key is "kind" or "result").Value as string;
        var key = kind is null ? instrument.Name : $"{instrument.Name}/{kind}";
        if (instrument.IsObservable)
        {
            _sums[key] = number;
        }
        else
        {
            _sums.AddOrUpdate(key, number, (_, total) => total + number);
        }
    }

    private double Sum(string instrument, string? kind = null, string? result = null) =>
        _sums.GetValueOrDefault((kind ?? result) is { } k ? $"{instrument}/{k}" : instrument);

    private double Last(string instrument) => _sums.GetValueOrDefault(instrument, double.NaN);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
