using System.Text;
using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.DeadLetters;
using Xunit.Abstractions;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

[Collection(ScenarioCollection.Name)]
[Slow]
public sealed class ExactlyOnceEffectTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandOrdersAcrossThreeReplicasHaveExactlyOneEffectEach()
    {
        await using var scenario = new GroupScenario();
        for (var i = 0; i < 3; i++)
        {
            await scenario.StartReplicaAsync();
        }

        await scenario.WaitForEveryReplicaAssignedAsync(TimeSpan.FromSeconds(60));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var produced = await scenario.ProduceOrdersAsync(10_000, ratePerSecond: 20_000, cts.Token);

        Assert.Equal(10_000, await scenario.WaitForStoreCountAsync(10_000, TimeSpan.FromSeconds(60)));
        var store = scenario.Store;
        Assert.Equal(produced.Order(StringComparer.Ordinal), await store.OrderIdsAsync(GroupScenario.EffectsTable));
        var replicas = scenario.Replicas.Select(r => r.Name).ToHashSet();
        output.WriteLine($"duplicates absorbed: {await store.CountersAsync()}");
        // Every replica took part: the work was spread over the group.
        foreach (var replica in replicas)
        {
            Assert.Contains(scenario.Replicas.Single(r => r.Name == replica).Output, l => l.Contains("assigned [") && !l.Contains("now owns []"));
        }
    }

    [Fact]
    public async Task APoisonMessageGoesToTheDeadLetterTopicWithItsReasonAndLaterOrdersAreProcessed()
    {
        await using var scenario = new GroupScenario();
        await scenario.StartReplicaAsync();

        using (var producer = new ProducerBuilder<string?, byte[]?>(new ProducerConfig { BootstrapServers = scenario.Broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(GroupScenario.Topic, new Message<string?, byte[]?> { Key = "customer-1", Value = Encoding.UTF8.GetBytes("{\"orderId\": 12") });
            await producer.ProduceAsync(GroupScenario.Topic, new Message<string?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes("{}") });
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var good = await scenario.ProduceOrdersAsync(50, 1000, cts.Token);

        Assert.Equal(50, await scenario.WaitForStoreCountAsync(50, TimeSpan.FromSeconds(30)));
        var store = scenario.Store;
        Assert.Equal(good.Order(StringComparer.Ordinal), await store.OrderIdsAsync(GroupScenario.EffectsTable));

        using var consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = scenario.Broker.BootstrapServers,
            GroupId = "dlt-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("order-events.dlt");
        var dead = new List<ConsumeResult<string?, byte[]?>>();
        while (dead.Count < 2 && !cts.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null)
            {
                dead.Add(result);
            }
        }
        Assert.Equal(2, dead.Count);
        string Header(ConsumeResult<string?, byte[]?> r, string key) => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(key));
        Assert.Contains(dead, r => Header(r, DeadLetterHeaders.Reason).Contains("malformed order JSON"));
        Assert.Contains(dead, r => Header(r, DeadLetterHeaders.Reason).Contains("no key"));
        Assert.All(dead, r =>
        {
            Assert.Equal(GroupScenario.Topic, Header(r, DeadLetterHeaders.SourceTopic));
            Assert.Equal(scenario.GroupId, Header(r, DeadLetterHeaders.ConsumerGroup));
            Assert.True(long.TryParse(Header(r, DeadLetterHeaders.SourceOffset), out _));
        });
        consumer.Close();
    }

    [Fact]
    public async Task AnInvalidStrategyStopsTheServiceAtStartWithAClearMessage()
    {
        await using var scenario = new GroupScenario();
        using var replica = ServiceProcess.Start("OrderProcessors", "bad-config",
            scenario.Environment("bad", new Dictionary<string, string> { ["ConsumerGroup__AssignmentStrategy"] = "rnage" }));
        var exitCode = await replica.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        var text = string.Join('\n', replica.Output);
        Assert.Contains("ConsumerGroup:AssignmentStrategy", text);
        Assert.Contains("rnage", text);
        Assert.Contains("cooperative-sticky", text);
    }
}
