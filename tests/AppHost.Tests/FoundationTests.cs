using System.Net;
using Confluent.Kafka;
using OrdersAspire.Orders;

namespace OrdersAspire.AppHost.Tests;

/// <summary>The whole system in embedded mode: every resource healthy, 3 + 2 consumer replicas, and one
/// order produced to order-events is applied by both consumer groups.</summary>
[Collection(AppHostCollection.Name)]
[Slow]
public sealed class FoundationTests
{
    private readonly DefaultSystemFixture _fixture;

    public FoundationTests(DefaultSystemFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task RunsThreeOrderProcessorsAndTwoAnalyticsReplicas()
    {
        var system = await _fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(3, (await system.WaitForRunningReplicasAsync(ResourceNames.OrderProcessors, 3, cts.Token)).Count);
        Assert.Equal(2, (await system.WaitForRunningReplicasAsync(ResourceNames.Analytics, 2, cts.Token)).Count);
    }

    [Fact]
    public async Task AnOrderProducedToTheTopicIsAppliedByBothGroups()
    {
        var system = await _fixture.SystemAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var bootstrap = await system.KafkaBootstrapAsync(cts.Token);
        Assert.False(string.IsNullOrEmpty(bootstrap));

        var order = new Order
        {
            OrderId = "foundation-" + Guid.NewGuid().ToString("N"),
            CustomerId = "customer-7",
            Region = "eu-west",
            Items = [new OrderItem { Sku = "sku-1", Quantity = 3, UnitPrice = 9.99m }],
            Total = 29.97m,
            Currency = "EUR",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build())
        {
            var delivery = await producer.ProduceAsync("order-events",
                new Message<string, byte[]> { Key = order.CustomerId, Value = OrderCodec.Serialize(order) }, cts.Token);
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }

        await Eventually.PassesAsync(async () =>
        {
            using var processed = await system.Http(ResourceNames.OrderProcessors).GetAsync($"/api/processed-orders/{order.OrderId}", cts.Token);
            Assert.Equal(HttpStatusCode.OK, processed.StatusCode);
            using var counted = await system.Http(ResourceNames.Analytics).GetAsync($"/api/analytics/orders/{order.OrderId}", cts.Token);
            Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        }, TimeSpan.FromSeconds(60), $"order {order.OrderId} applied by both groups", cancellationToken: cts.Token);
    }
}

/// <summary>AppHost tests run one system at a time: each starts a dozen processes, too many to double up on two
/// cores. The default system (3 + 2 replicas) is shared by the tests that leave it as they found it.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<DefaultSystemFixture>
{
    public const string Name = "AppHost";
}

/// <summary>One default system shared by the tests of the AppHost collection.</summary>
public sealed class DefaultSystemFixture : IAsyncLifetime
{
    private Task<RunningSystem>? _start;

    public Task<RunningSystem> SystemAsync() => _start ??= RunningSystem.StartAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_start is { IsCompletedSuccessfully: true })
        {
            await (await _start).DisposeAsync();
        }
    }
}
