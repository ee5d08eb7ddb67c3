using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Healthy when a broker answers a metadata request within <see cref="MetadataTimeout"/>. Uses only
/// metadata: ListConsumerGroups and DescribeCluster crash or fail against librdkafka's mock cluster.
/// One admin client is kept for the process's lifetime and reconnects by itself.
/// </summary>
public sealed class KafkaHealthCheck(KafkaClientFactory factory) : IHealthCheck, IDisposable
{
    public const string Name = "kafka";
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private IAdminClient? _admin;
    private bool _disposed;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["bootstrapServers"] = factory.BootstrapServers };
        try
        {
            var admin = GetAdminClient();
            var metadata = await Task.Run(() => admin.GetMetadata(MetadataTimeout), cancellationToken)
                .WaitAsync(MetadataTimeout + TimeSpan.FromSeconds(1), cancellationToken);

            data["brokers"] = metadata.Brokers.Count;
            data["topics"] = metadata.Topics.Count;
            data["answeredBy"] = metadata.OriginatingBrokerName;
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"Kafka at {factory.BootstrapServers} answered with {metadata.Brokers.Count} broker(s).", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"Kafka at {factory.BootstrapServers} answered with no brokers.", data: data);
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"Kafka at {factory.BootstrapServers} did not answer a metadata request within {MetadataTimeout.TotalSeconds:0} s: {exception.Message}",
                exception,
                data);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _admin?.Dispose();
            _admin = null;
        }
    }

    private IAdminClient GetAdminClient()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _admin ??= factory.CreateAdminClient();
        }
    }
}
