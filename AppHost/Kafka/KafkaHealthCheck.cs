using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrdersAspire.AppHost.Kafka;

/// <summary>Healthy when the broker answers a metadata request and every topic the system needs exists.
/// With <paramref name="createMissingTopics"/>, missing topics are created first (container and external
/// modes; the embedded broker creates its own). Uses only metadata and CreateTopics: never
/// ListConsumerGroups, which crashes clients of the embedded broker.</summary>
internal sealed class KafkaHealthCheck(Func<string?> bootstrapServers, IReadOnlyList<KafkaTopic> topics, bool createMissingTopics) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bootstrap = bootstrapServers();
        if (string.IsNullOrEmpty(bootstrap))
            return HealthCheckResult.Unhealthy("The Kafka connection string is not known yet");
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig
            {
                BootstrapServers = bootstrap,
                SocketTimeoutMs = 3000,
            }).SetLogHandler((_, _) => { }).Build();

            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            var missing = topics.Where(t => metadata.Topics.All(m => m.Topic != t.Name || m.Error.IsError)).ToList();
            if (missing.Count > 0 && createMissingTopics)
            {
                try
                {
                    await admin.CreateTopicsAsync(missing.Select(t => new TopicSpecification
                    {
                        Name = t.Name,
                        NumPartitions = t.Partitions,
                        ReplicationFactor = (short)Math.Min(3, metadata.Brokers.Count),
                    })).ConfigureAwait(false);
                    missing.Clear();
                }
                catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
                {
                    missing.Clear();
                }
            }

            var data = new Dictionary<string, object>
            {
                ["bootstrapServers"] = bootstrap,
                ["brokers"] = metadata.Brokers.Count,
            };
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), topics ready", data)
                : HealthCheckResult.Unhealthy($"missing topics: {string.Join(", ", missing.Select(t => t.Name))}", data: data);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"Kafka at {bootstrap} does not answer: {ex.Message}", ex);
        }
    }
}
