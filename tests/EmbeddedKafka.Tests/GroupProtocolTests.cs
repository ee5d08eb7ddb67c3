using System.Diagnostics;
using Confluent.Kafka;

namespace OrdersAspire.EmbeddedKafka.Tests;

/// <summary>KIP-848 (<c>group.protocol=consumer</c>) groups take their timing from the broker side setters.</summary>
public sealed class GroupProtocolTests
{
    [Fact]
    public void Broker_side_session_timeout_decides_when_a_vanished_member_loses_its_partitions()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 2);
        cluster.SetGroupConsumerSessionTimeout(TimeSpan.FromSeconds(2));
        cluster.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(300));
        var first = Consumer(cluster);
        using var second = Consumer(cluster);
        try
        {
            first.Subscribe("t");
            PollUntil(() => first.Assignment.Count == 2, TimeSpan.FromSeconds(15), first);
            second.Subscribe("t");
            PollUntil(() => first.Assignment.Count == 1 && second.Assignment.Count == 1, TimeSpan.FromSeconds(15), first, second);

            // Dispose without Close: the member vanishes without leaving, as if its process died.
            first.Dispose();
            var watch = Stopwatch.StartNew();
            PollUntil(() => second.Assignment.Count == 2, TimeSpan.FromSeconds(15), second);

            // The mock's default KIP-848 session timeout is 30 s; 2 s configured here.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"reassigned after {watch.Elapsed}");
        }
        finally
        {
            first.Dispose();
            second.Close();
        }
    }

    private static IConsumer<Ignore, Ignore> Consumer(MockKafkaCluster cluster) =>
        new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "kip848",
            GroupProtocol = GroupProtocol.Consumer,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();

    private static void PollUntil(Func<bool> condition, TimeSpan timeout, params IConsumer<Ignore, Ignore>[] consumers)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested,
                $"condition not met within {timeout}: assignments {string.Join(" / ", consumers.Select(c => c.Assignment.Count))}");
            foreach (var consumer in consumers)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
