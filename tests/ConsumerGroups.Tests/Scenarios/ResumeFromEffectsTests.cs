using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>A partition resumes where its effects stand when the committed offset is behind them (the commit after a
/// durable batch was lost), and only then: a position the log does not reach is ignored.</summary>
[Collection(ScenarioCollection.Name)]
[Slow]
public sealed class ResumeFromEffectsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ACommitBehindTheEffectsRedeliversNothingAndCatchesUpWhileAPositionPastTheLogIsIgnored()
    {
        await using var scenario = new GroupScenario();
        var first = await scenario.StartReplicaAsync();
        await scenario.WaitForEveryReplicaAssignedAsync(Timeout);
        using (var cts = new CancellationTokenSource(Timeout))
        {
            await scenario.ProduceOrdersAsync(300, ratePerSecond: 3_000, cts.Token);
        }

        await scenario.WaitForStoreCountAsync(300, Timeout);
        var ends = await CommittedAsync(scenario, o => o.All(c => c > 0) && o.Sum() == 300, "every order committed");
        await StopAsync(first);

        // The commits are lost (rewound to 0) while the effects keep all 300 orders.
        CommitAsAMember(scenario, _ => 0);
        var second = await scenario.StartReplicaAsync();
        await second.WaitForOutputAsync("resumes at", Timeout);
        var caughtUp = await CommittedAsync(scenario, o => o.SequenceEqual(ends), "the resumed positions committed without any new order");
        Assert.Equal(0, await scenario.Store.CountersAsync()); // nothing delivered again
        using (var cts = new CancellationTokenSource(Timeout))
        {
            await scenario.ProduceOrdersAsync(60, ratePerSecond: 3_000, cts.Token);
        }

        Assert.Equal(360, await scenario.WaitForStoreCountAsync(360, Timeout));
        Assert.Equal(0, await scenario.Store.CountersAsync());
        output.WriteLine($"committed after resuming: [{string.Join(",", caughtUp)}]");
        await StopAsync(second);

        // A store whose positions the log never reached (kept from another broker) must not skip anything.
        await SetPositionsAsync(scenario, 1_000_000);
        CommitAsAMember(scenario, _ => 0);
        var third = await scenario.StartReplicaAsync();
        await third.WaitForOutputAsync("past the log's end", Timeout);
        var replayed = await Eventually.ResultAsync(() => scenario.Store.CountersAsync(), d => d >= 360, Timeout,
            "all 360 orders delivered again and absorbed as duplicates", TimeSpan.FromMilliseconds(200));
        Assert.Equal(360, replayed);
        Assert.Equal(360, await scenario.Store.CountAsync(GroupScenario.EffectsTable));
    }

    private static async Task StopAsync(ServiceProcess replica)
    {
        replica.Terminate();
        Assert.Equal(0, await replica.WaitForExitAsync(Timeout));
    }

    private static Task<long[]> CommittedAsync(GroupScenario scenario, Func<long[], bool> until, string what) =>
        Eventually.ResultAsync(() => Task.FromResult(Committed(scenario)), until, Timeout, what, TimeSpan.FromMilliseconds(200));

    private static long[] Committed(GroupScenario scenario)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = scenario.Broker.BootstrapServers,
            GroupId = scenario.GroupId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = Enumerable.Range(0, GroupScenario.Partitions).Select(p => new TopicPartition(GroupScenario.Topic, p));
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        consumer.Close();
        return [.. committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.IsSpecial ? 0 : c.Offset.Value)];
    }

    /// <summary>Joins the (empty) group, takes every partition and commits <paramref name="offsetFor"/> for each: the
    /// embedded broker refuses commits from outside a group it has known.</summary>
    private static void CommitAsAMember(GroupScenario scenario, Func<int, long> offsetFor)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = scenario.Broker.BootstrapServers,
            GroupId = scenario.GroupId,
            EnableAutoCommit = false,
            SessionTimeoutMs = (int)GroupScenario.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = 2000,
        }).Build();
        consumer.Subscribe(GroupScenario.Topic);
        var deadline = DateTime.UtcNow + Timeout;
        while (consumer.Assignment.Count < GroupScenario.Partitions)
        {
            Assert.True(DateTime.UtcNow < deadline, "the committing member was not assigned every partition");
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }
        consumer.Commit(Enumerable.Range(0, GroupScenario.Partitions).Select(p => new TopicPartitionOffset(GroupScenario.Topic, p, offsetFor(p))));
        consumer.Close();
    }

    private static async Task SetPositionsAsync(GroupScenario scenario, long nextOffset)
    {
        foreach (var file in scenario.Store.Files())
        {
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE partition_position SET next_offset = $next;";
            command.Parameters.AddWithValue("$next", nextOffset);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }
}
