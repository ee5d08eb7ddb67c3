using System.Diagnostics;
using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka.Tests.Support;

namespace OrdersAspire.EmbeddedKafka.Tests;

public sealed class MockKafkaClusterTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Produced_message_is_consumed_back()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("order-events", 6);
        var partition = new TopicPartition("order-events", 4);

        var delivery = await KafkaProbe.ProduceAsync(cluster.BootstrapServers, partition, "order-1", Generous);
        var consumed = KafkaProbe.ConsumeFirst(cluster.BootstrapServers, partition, Generous);

        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        Assert.Equal("order-1", consumed.Message.Value);
        Assert.Equal(delivery.Offset, consumed.Offset);
    }

    [Fact]
    public void Metadata_shows_three_brokers_and_the_topic_partitions()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("order-events", 6);

        var metadata = KafkaProbe.Metadata(cluster.BootstrapServers, "order-events");

        Assert.Equal(3, cluster.BrokerCount);
        Assert.Equal([1, 2, 3], metadata.Brokers.Select(b => b.BrokerId).Order());
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal(6, topic.Partitions.Count);
        Assert.Equal([new MockTopic("order-events", 6, 1)], cluster.Topics);
    }

    [Fact]
    public async Task Dispose_is_idempotent_and_a_new_cluster_starts_afterwards()
    {
        var first = MockKafkaCluster.Start(brokers: 1);
        first.CreateTopic("t", 1);
        first.Dispose();
        first.Dispose();

        Assert.True(first.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => first.CreateTopic("u", 1));
        Assert.Throws<ObjectDisposedException>(() => first.SetBrokerDown(1));

        using var second = MockKafkaCluster.Start(brokers: 2);
        second.CreateTopic("t", 2);
        Assert.NotEqual(first.BootstrapServers, second.BootstrapServers);
        var delivery = await KafkaProbe.ProduceAsync(second.BootstrapServers, new TopicPartition("t", 1), "x", Generous);
        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MockKafkaCluster.Start(brokers: 0));
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("u", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("u", 1, replicationFactor: 4));
        Assert.Throws<ArgumentException>(() => cluster.CreateTopic("bad name", 1));
        Assert.Throws<ArgumentException>(() => cluster.CreateTopic("t", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerUp(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerRtt(1, TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentException>(() => cluster.PushRequestErrors(0, []));
        Assert.Throws<ArgumentException>(() => cluster.PushRequestErrors(0, [ErrorCode.Local_MsgTimedOut]));
        Assert.Throws<ArgumentException>(() => cluster.SetCoordinator("consumer", "g", 1));
        Assert.Throws<ArgumentException>(() => cluster.SetPartitionLeader("missing", 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetPartitionLeader("t", 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetGroupConsumerSessionTimeout(TimeSpan.Zero));
    }

    [Fact]
    public async Task Pushed_request_error_fails_the_next_produce_only()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 1);
        var partition = new TopicPartition("t", 0);

        cluster.PushRequestErrors(0 /* Produce */, [ErrorCode.TopicAuthorizationFailed]);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => KafkaProbe.ProduceAsync(cluster.BootstrapServers, partition, "x", Generous));
        var success = await KafkaProbe.ProduceAsync(cluster.BootstrapServers, partition, "y", Generous);

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, success.Status);
    }

    [Fact]
    public async Task Cleared_request_errors_are_not_returned()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 1);

        cluster.PushRequestErrors(0 /* Produce */, [ErrorCode.TopicAuthorizationFailed]);
        cluster.ClearRequestErrors(0);
        var delivery = await KafkaProbe.ProduceAsync(cluster.BootstrapServers, new TopicPartition("t", 0), "x", Generous);

        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
    }

    [Fact]
    public void Partition_leader_moves_to_the_chosen_broker()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 3);
        var before = KafkaProbe.Metadata(cluster.BootstrapServers, "t").Topics[0].Partitions.Single(p => p.PartitionId == 0).Leader;
        var target = before % 3 + 1;

        cluster.SetPartitionLeader("t", 0, target);

        var after = KafkaProbe.Metadata(cluster.BootstrapServers, "t").Topics[0].Partitions.Single(p => p.PartitionId == 0).Leader;
        Assert.Equal(target, after);
    }

    [Fact]
    public async Task Broker_rtt_delays_its_responses()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 3);
        var partition = new TopicPartition("t", KafkaProbe.PartitionLedBy(cluster.BootstrapServers, "t", 2));

        cluster.SetBrokerRtt(2, TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();
        await KafkaProbe.ProduceAsync(cluster.BootstrapServers, partition, "slow", Generous);
        watch.Stop();

        // Connecting (ApiVersions, Produce) to the slowed broker costs at least one delayed round trip.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"produce took {watch.Elapsed}");
    }

    [Fact]
    public void Zero_initial_rebalance_delay_assigns_a_new_group_before_the_default_three_seconds()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 2);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "g",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();

        var watch = Stopwatch.StartNew();
        consumer.Subscribe("t");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2.8)); // the default delay alone is 3 s
        while (consumer.Assignment.Count == 0)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50));
            Assert.False(deadline.IsCancellationRequested, $"no assignment after {watch.Elapsed}");
        }

        Assert.Equal(2, consumer.Assignment.Count);
        consumer.Close();
    }

    [Fact]
    public async Task Faults_racing_with_dispose_see_only_ObjectDisposedException()
    {
        var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 3);
        using var started = new CountdownEvent(2);
        var workers = Enumerable.Range(1, 2).Select(worker => Task.Run(() =>
        {
            started.Signal();
            for (var i = 0; ; i++)
            {
                try
                {
                    cluster.SetBrokerRtt(worker % 3 + 1, TimeSpan.FromMilliseconds(i % 5));
                    cluster.ClearRequestErrors(8);
                    cluster.SetPartitionLeader("t", i % 3, (i + worker) % 3 + 1);
                }
                catch (ObjectDisposedException)
                {
                    return i;
                }
            }
        })).ToArray();

        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        cluster.Dispose();
        var completed = await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        // Reaching here means every worker stopped on ObjectDisposedException, nothing else (and nothing crashed).
        Assert.Equal(2, completed.Length);
        Assert.True(cluster.IsDisposed);
    }
}
