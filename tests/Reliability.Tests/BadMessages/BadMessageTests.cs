using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.Orders;
using OrdersAspire.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace OrdersAspire.Reliability.Tests.BadMessages;

/// <summary>Messages that are not orders, put on <c>order-events</c> by a hostile or buggy producer, ahead of valid
/// orders on the same partitions. Each group (order-processors and analytics, real processes) sends every one to
/// the dead-letter topic with a reason header, keeps running, and processes all the valid orders after them.</summary>
[Collection(ReliabilityCollection.Name)]
[Slow]
public sealed class BadMessageTests(ITestOutputHelper output)
{
    private const string CaseHeader = "test-case";
    private const int ValidOrders = 300;

    /// <summary>Name, key, value, and a fragment the reason must contain.</summary>
    public static IReadOnlyList<(string Name, byte[]? Key, byte[]? Value, string Reason)> Cases()
    {
        var order = TestOrders.Valid(1);
        var valid = JsonNode.Parse(OrderCodec.Serialize(order))!.AsObject();
        byte[] Json(Action<JsonObject> change)
        {
            var copy = JsonNode.Parse(valid.ToJsonString())!.AsObject();
            change(copy);
            return Encoding.UTF8.GetBytes(copy.ToJsonString());
        }
        var key = Encoding.UTF8.GetBytes(order.CustomerId);
        var huge = Json(o => o["note"] = new string('x', 1_048_576)); // a valid order padded past 1 MiB
        return
        [
            ("malformed JSON", key, "{\"orderId\": \"a\", \"items\": [ "u8.ToArray(), "malformed order JSON"),
            ("wrong types", key, Json(o => { o["total"] = "12.50"; o["items"] = "many"; }), "malformed order JSON"),
            ("1 MiB payload", key, huge, "limit is"),
            ("null key", null, OrderCodec.Serialize(order with { OrderId = Guid.NewGuid().ToString("N") }), "no key"),
            ("unknown fields", key, Json(o => o["discountCode"] = "FREE"), "malformed order JSON"),
            ("negative total", key, Json(o => o["total"] = -4m), "total must not be negative"),
            ("negative price", key, Json(o => { o["total"] = -4m; o["items"]![0]!["unitPrice"] = -2m; }), "unitPrice must not be negative"),
            ("invalid UTF-8 value", key, [.. "{\"orderId\": \""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()], "malformed order JSON"),
            ("invalid UTF-8 key", [0xFF, 0xFE, 0x80], OrderCodec.Serialize(order), "not valid UTF-8"),
            ("tombstone", key, null, "no value"),
            ("empty value", key, [], "empty message value"),
            ("JSON null", key, "null"u8.ToArray(), "JSON null"),
            ("JSON array", key, "[1,2,3]"u8.ToArray(), "malformed order JSON"),
            ("total mismatch", key, Json(o => o["total"] = 1_000_000m), "does not match"),
            ("key is not the customer", "someone-else"u8.ToArray(), OrderCodec.Serialize(order), "is not the order's customerId"),
        ];
    }

    [Fact]
    public async Task EveryBadMessageIsDeadLetteredWithItsReasonAndTheValidOrdersAfterItAreAllProcessed()
    {
        await using var world = new ReliabilityWorld();
        ConsumerGroupUnderTest[] groups = [world.OrderProcessors, world.Analytics];
        await Task.WhenAll(groups.Select(g => world.StartReplicaAsync(g)));

        var cases = Cases();
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = world.Broker.BootstrapServers,
            Acks = Acks.All,
            MessageMaxBytes = 4 * 1024 * 1024, // the producer's default (1,000,000) would refuse the 1 MiB case itself
        }).SetLogHandler((_, _) => { }).Build())
        {
            foreach (var (name, key, value, _) in cases)
            {
                // Partition by the valid key so bad messages sit in front of valid orders; spread the rest.
                var partition = Math.Abs(name.GetHashCode(StringComparison.Ordinal) % ReliabilityWorld.Partitions);
                var headers = new Headers { { CaseHeader, Encoding.UTF8.GetBytes(name) } };
                var delivery = await producer.ProduceAsync(new TopicPartition(ReliabilityWorld.Topic, partition),
                    new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers });
                Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
            }
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var produced = await world.ProduceOrdersAsync(ValidOrders, 500, cts.Token);
        var expected = produced.Select(o => o.OrderId).Order(StringComparer.Ordinal).ToList();

        foreach (var group in groups)
        {
            var applied = await group.WaitForAppliedAsync(ValidOrders, TimeSpan.FromSeconds(60));
            Assert.True(applied == ValidOrders, $"{group.Service} applied {applied} of {ValidOrders}:\n{string.Join("\n", group.Replicas.Select(r => r.Tail(15)))}");
            Assert.Equal(expected, await group.AppliedOrderIdsAsync());
            Assert.Equal(0, await world.WaitForZeroLagAsync(group, TimeSpan.FromSeconds(30)));
        }

        var deadLetters = await Eventually.ResultAsync(() => Task.Run(world.ReadDeadLetters),
            d => d.Count >= cases.Count * groups.Length, TimeSpan.FromSeconds(30), "every dead letter of both groups");
        foreach (var group in groups)
        {
            var replica = Assert.Single(group.Replicas);
            Assert.False(replica.HasExited, $"{replica.Name} crashed:\n{replica.Tail()}");
            var view = await group.ConsumerViewAsync(world.Http, replica);
            Assert.Equal("Running", view.GetProperty("phase").GetString());
            Assert.Equal(cases.Count, view.GetProperty("deadLettered").GetInt64());
            Assert.DoesNotContain(replica.Output, l => l.Contains("crit:", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));

            var mine = deadLetters.Where(d => Header(d, DeadLetterHeaders.ConsumerGroup) == group.GroupId).ToList();
            foreach (var (name, key, value, reason) in cases)
            {
                var letter = Assert.Single(mine, d => Header(d, CaseHeader) == name);
                var actualReason = Header(letter, DeadLetterHeaders.Reason);
                output.WriteLine($"{group.Service} · {name} ({value?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"} bytes) → {actualReason}");
                Assert.Contains(reason, actualReason, StringComparison.Ordinal);
                Assert.Equal(key, letter.Message.Key);
                if (Header(letter, DeadLetterHeaders.ValueOmittedBytes) is { } omitted)
                {
                    // Too large for the dead-letter topic: dead-lettered without its value, the size recorded.
                    Assert.Equal(value!.Length.ToString(CultureInfo.InvariantCulture), omitted);
                    Assert.Null(letter.Message.Value);
                }
                else
                {
                    Assert.Equal(value, letter.Message.Value); // the message is kept unchanged, so it can be replayed
                }
                Assert.Equal(ReliabilityWorld.Topic, Header(letter, DeadLetterHeaders.SourceTopic));
            }
        }
    }

    private static string? Header(ConsumeResult<byte[]?, byte[]?> message, string name) =>
        message.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
