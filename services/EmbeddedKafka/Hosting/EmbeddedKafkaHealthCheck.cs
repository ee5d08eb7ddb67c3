using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>Healthy once the cluster is ready; the data carries the bootstrap string.</summary>
public sealed class EmbeddedKafkaHealthCheck(EmbeddedKafkaState state) : IHealthCheck
{
    public const string Name = "embedded-kafka";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Cluster is { } cluster
            ? HealthCheckResult.Healthy(
                $"{cluster.BrokerCount} brokers at {cluster.BootstrapServers}",
                new Dictionary<string, object>
                {
                    ["bootstrapServers"] = cluster.BootstrapServers,
                    ["brokers"] = cluster.BrokerCount,
                })
            : HealthCheckResult.Unhealthy("The embedded Kafka cluster is not running."));
}
