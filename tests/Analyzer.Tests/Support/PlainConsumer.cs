using Confluent.Kafka;

namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>A third-party consumer: a plain Confluent.Kafka consumer that subscribes to the orders topic in its group and
/// publishes no reports. It reads from the earliest offset with auto-commit off; with <c>commitAt</c> it commits, per
/// partition p, offset commitAt(p) once it has read up to it, and nothing else. It counts its assignment callbacks, so a
/// test can tell whether the group rebalanced.</summary>
public sealed class PlainConsumer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<int, long>? _commitAt;
    private readonly HashSet<int> _committed = [];
    private readonly HashSet<int> _atEnd = [];
    private readonly Lock _lock = new();
    private int _assignments;
    private int _revocations;

    public PlainConsumer(KafkaTestCluster kafka, string group, Func<int, long>? commitAt = null)
    {
        _commitAt = commitAt;
        var config = new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = group,
            ClientId = $"{group}-plain",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
            FetchWaitMaxMs = 50,
        };
        _loop = Task.Factory.StartNew(() => Run(config), TaskCreationOptions.LongRunning);
    }

    /// <summary>Partitions-assigned callbacks so far: 1 once the consumer has joined; more means the group rebalanced.</summary>
    public int Assignments => Volatile.Read(ref _assignments);

    public int Revocations => Volatile.Read(ref _revocations);

    /// <summary>True once every commitAt offset is committed.</summary>
    public bool CommittedAll
    {
        get
        {
            lock (_lock)
            {
                return _committed.Count == KafkaTestCluster.Partitions;
            }
        }
    }

    /// <summary>True once the consumer has read to the end of every partition (since its last assignment).</summary>
    public bool AtEndOfEveryPartition
    {
        get
        {
            lock (_lock)
            {
                return _atEnd.Count == KafkaTestCluster.Partitions;
            }
        }
    }

    private void Run(ConsumerConfig config)
    {
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetPartitionsAssignedHandler((_, _) =>
            {
                Interlocked.Increment(ref _assignments);
                lock (_lock)
                {
                    _atEnd.Clear();
                }
            })
            .SetPartitionsRevokedHandler((_, _) => Interlocked.Increment(ref _revocations))
            .Build();
        consumer.Subscribe(KafkaTestCluster.Topic);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result is null)
                {
                    continue;
                }

                var partition = result.Partition.Value;
                if (result.IsPartitionEOF)
                {
                    lock (_lock)
                    {
                        _atEnd.Add(partition);
                    }

                    continue;
                }
                if (_commitAt is null || result.Offset.Value + 1 != _commitAt(partition))
                {
                    continue;
                }

                consumer.Commit([new TopicPartitionOffset(result.TopicPartition, _commitAt(partition))]);
                lock (_lock)
                {
                    _committed.Add(partition);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}
