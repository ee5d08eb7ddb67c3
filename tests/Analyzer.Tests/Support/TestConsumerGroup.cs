using System.Collections.Concurrent;
using Confluent.Kafka;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>Real Confluent consumers in one group, each on its own thread, consuming the orders topic with
/// auto-commit and publishing a <see cref="ConsumerReport"/> every 300 ms (and on each rebalance) to the reports
/// topic, as the ConsumerGroups consumers do. <see cref="StopAsync"/> closes them and publishes Leaving reports.</summary>
public sealed class TestConsumerGroup : IAsyncDisposable
{
    private readonly KafkaTestCluster _kafka;
    private readonly List<Member> _members = [];

    public TestConsumerGroup(KafkaTestCluster kafka, string group, int replicas)
    {
        _kafka = kafka;
        Group = group;
        Replicas = replicas;
    }

    public string Group { get; }
    public int Replicas { get; }

    /// <summary>Replica id → partitions it currently owns, as the consumer itself sees them.</summary>
    public IReadOnlyDictionary<string, int[]> Assignments => _members.ToDictionary(m => m.Replica, m => m.Assigned.Order().ToArray());

    public long Consumed => _members.Sum(m => Interlocked.Read(ref m.Consumed));

    public TestConsumerGroup Start()
    {
        for (var i = 1; i <= Replicas; i++)
        {
            _members.Add(new Member(_kafka, Group, $"{Group}-{i}"));
        }

        return this;
    }

    /// <summary>Waits until the members together own all partitions, each exactly once.</summary>
    public async Task WaitForAssignmentAsync(TimeSpan timeout)
    {
        await Eventually.UntilAsync(() =>
        {
            var owned = _members.SelectMany(m => m.Assigned).ToList();
            return owned.Count == KafkaTestCluster.Partitions && owned.Distinct().Count() == KafkaTestCluster.Partitions
                && _members.All(m => m.Assigned.Length > 0);
        }, timeout, $"group {Group} to own every partition, each member some",
            () => string.Join("; ", _members.Select((m, i) => $"member {i}: [{string.Join(",", m.Assigned)}]")));
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(_members.Select(m => m.StopAsync()));
        _members.Clear();
    }

    /// <summary>Stops the members without their Leaving report, as a crashed process would.</summary>
    public async Task CrashAsync()
    {
        foreach (var member in _members)
        {
            member.Crashed = true;
        }

        await StopAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Member
    {
        private readonly KafkaTestCluster _kafka;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<RebalanceEvent> _events = new();
        private readonly Task _loop;
        private volatile int[] _assigned = [];
        private string? _memberId;
        public long Consumed;
        public volatile bool Crashed;

        public Member(KafkaTestCluster kafka, string group, string replica)
        {
            _kafka = kafka;
            Group = group;
            Replica = replica;
            _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
        }

        public string Group { get; }
        public string Replica { get; }
        public int[] Assigned => _assigned;

        public async Task StopAsync()
        {
            _stop.Cancel();
            await _loop;
        }

        private void Run()
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = _kafka.BootstrapServers,
                GroupId = Group,
                ClientId = Replica,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = true,
                AutoCommitIntervalMs = 200,
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 500,
                FetchWaitMaxMs = 50,
                PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
            };
            using var consumer = new ConsumerBuilder<string, string>(config)
                .SetPartitionsAssignedHandler((c, ps) =>
                {
                    _assigned = ps.Select(p => p.Partition.Value).Order().ToArray();
                    _memberId = c.MemberId;
                    _events.Enqueue(new RebalanceEvent(DateTimeOffset.UtcNow, RebalanceKind.Assigned, _assigned, c.MemberId));
                    Publish(ConsumerActivity.Active);
                })
                .SetPartitionsRevokedHandler((c, ps) =>
                {
                    _events.Enqueue(new RebalanceEvent(DateTimeOffset.UtcNow, RebalanceKind.Revoked, ps.Select(p => p.Partition.Value).ToArray(), c.MemberId));
                    _assigned = [];
                })
                .Build();
            consumer.Subscribe(KafkaTestCluster.Topic);
            var nextReport = DateTime.UtcNow;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                    if (result is { IsPartitionEOF: false })
                    {
                        Interlocked.Increment(ref Consumed);
                    }

                    if (DateTime.UtcNow >= nextReport)
                    {
                        Publish(ConsumerActivity.Active);
                        nextReport = DateTime.UtcNow.AddMilliseconds(300);
                    }
                }
            }
            finally
            {
                consumer.Close();
                _assigned = [];
                if (!Crashed)
                {
                    Publish(ConsumerActivity.Leaving);
                }
            }
        }

        private void Publish(ConsumerActivity state)
        {
            if (Crashed)
            {
                return;
            }

            var report = Reports.Report(Group, Replica, _assigned, DateTimeOffset.UtcNow, state, _events.ToArray(), _memberId ?? Replica) with
            {
                Counters = new ConsumerCounters(Interlocked.Read(ref Consumed), 0, 0, 10, 0, 0, _events.Count(e => e.Kind == RebalanceKind.Assigned)),
            };
            _kafka.Producer.Produce(KafkaTestCluster.ReportsTopic,
                new Message<string, string> { Key = $"{Group}/{Replica}", Value = System.Text.Encoding.UTF8.GetString(report.Serialize()) });
        }
    }
}
