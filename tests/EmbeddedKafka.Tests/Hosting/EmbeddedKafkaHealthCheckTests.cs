using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Tests.Hosting;

public sealed class EmbeddedKafkaHealthCheckTests
{
    [Fact]
    public async Task Unhealthy_until_the_service_started_and_again_after_it_stopped()
    {
        var state = new EmbeddedKafkaState();
        var check = new EmbeddedKafkaHealthCheck(state);
        var service = new EmbeddedKafkaService(
            Options.Create(new EmbeddedKafkaOptions { Brokers = 1, Topics = [new TopicOptions { Name = "t", Partitions = 2 }] }),
            state, NullLoggerFactory.Instance, NullLogger<EmbeddedKafkaService>.Instance);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        await service.StartAsync(CancellationToken.None);
        var cluster = state.Cluster;
        var running = await check.CheckHealthAsync(new HealthCheckContext());
        await service.StopAsync(CancellationToken.None);
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.NotNull(cluster);
        Assert.Equal(cluster.BootstrapServers, running.Data["bootstrapServers"]);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.True(cluster.IsDisposed);
    }
}
