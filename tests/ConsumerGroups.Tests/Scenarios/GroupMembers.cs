using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>Consumers of one group in this process, each polled on its own thread, configured exactly as the
/// service configures them (<see cref="ConsumerGroupOptions.ApplyTo"/>). Used to observe what the broker assigns.</summary>
public sealed class GroupMembers : IDisposable
{
    private readonly List<Member> _members = [];
    private readonly string _bootstrap;
    private readonly ConsumerGroupOptions _options;

    public GroupMembers(string bootstrap, string groupId, string strategy, string protocol = "classic")
    {
        _bootstrap = bootstrap;
        _options = new ConsumerGroupOptions
        {
            GroupId = groupId,
            AssignmentStrategy = strategy,
            GroupProtocol = protocol,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 2000,
        };
    }

    public IReadOnlyList<Member> Members => _members;

    public Member Add()
    {
        var member = new Member(_options.ApplyTo(new ConsumerConfig { BootstrapServers = _bootstrap, ClientId = $"member-{_members.Count}" }));
        _members.Add(member);
        return member;
    }

    public void Remove(Member member)
    {
        member.Dispose();
        _members.Remove(member);
    }

    /// <summary>Waits until the live members own every partition exactly once, with every member's id known, and
    /// the picture has held for a moment. Returns member id → partitions.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> WaitForSettledAssignmentAsync(int partitionCount, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? lastPicture = null;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var snapshot = _members.Select(m => (m.MemberId, Partitions: m.Partitions)).ToList();
            var all = snapshot.SelectMany(s => s.Partitions).ToList();
            var complete = snapshot.All(s => !string.IsNullOrEmpty(s.MemberId))
                && all.Count == partitionCount && all.Distinct().Count() == partitionCount;
            var picture = string.Join(";", snapshot.Select(s => s.MemberId + "=" + string.Join(",", s.Partitions)));
            if (picture != lastPicture) { lastPicture = picture; stableSince = DateTime.UtcNow; }
            else if (complete && DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(1.5))
            {
                return snapshot.ToDictionary(s => s.MemberId!, s => s.Partitions, StringComparer.Ordinal);
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"The group did not settle: {picture}");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }
    }

    public sealed class Member : IDisposable
    {
        private readonly Thread _thread;
        private readonly CancellationTokenSource _stop = new();
        private volatile IReadOnlyList<int> _partitions = [];
        private volatile string? _memberId;

        public Member(ConsumerConfig config)
        {
            _thread = new Thread(() => Run(config)) { IsBackground = true };
            _thread.Start();
        }

        public IReadOnlyList<int> Partitions => _partitions;
        public string? MemberId => _memberId;

        private void Run(ConsumerConfig config)
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(AssignmentTopic);
            while (!_stop.IsCancellationRequested)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(100));
                _memberId = consumer.MemberId;
                _partitions = [.. consumer.Assignment.Select(p => p.Partition.Value).Order()];
            }
            consumer.Close(); // leave the group politely, as the service does
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join(TimeSpan.FromSeconds(15));
        }
    }

    public const string AssignmentTopic = "order-events";
}
