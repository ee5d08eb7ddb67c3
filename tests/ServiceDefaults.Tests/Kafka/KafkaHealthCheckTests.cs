using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.ServiceDefaults.Kafka;
using static OrdersAspire.ServiceDefaults.Tests.KafkaTestSupport;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaHealthCheckTests
{
    [Fact]
    public async Task Healthy_when_the_broker_answers_metadata()
    {
        using var cluster = MockKafkaCluster.Start(3);
        var report = await CheckAsync(cluster.BootstrapServers);

        var entry = report.Entries[KafkaHealthCheck.Name];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(3, entry.Data["brokers"]);
    }

    [Fact]
    public async Task Repeated_checks_reuse_one_admin_client_and_stay_healthy()
    {
        using var cluster = MockKafkaCluster.Start(1);
        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = cluster.BootstrapServers });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        for (var i = 0; i < 3; i++)
        {
            var report = await health.CheckHealthAsync(registration => registration.Name == KafkaHealthCheck.Name);
            Assert.Equal(HealthStatus.Healthy, report.Entries[KafkaHealthCheck.Name].Status);
        }
    }

    [Fact]
    public async Task Unhealthy_within_five_seconds_when_nothing_listens()
    {
        var stopwatch = Stopwatch.StartNew();
        var report = await CheckAsync("127.0.0.1:1");
        stopwatch.Stop();

        var entry = report.Entries[KafkaHealthCheck.Name];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("127.0.0.1:1", entry.Description, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    private static async Task<HealthReport> CheckAsync(string bootstrapServers)
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = bootstrapServers });
        builder.AddKafkaClientFactory("kafka");
        using var host = builder.Build();
        return await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == KafkaHealthCheck.Name);
    }
}
