using Confluent.Kafka;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>Reads topic partition counts over the producer's own connections (a dependent admin client).</summary>
public sealed class TopicPartitions(IProducer<string, byte[]> producer) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lazy<IAdminClient> _admin = new(() => new DependentAdminClientBuilder(producer.Handle).Build());

    public Task<PartitionCountResult> GetPartitionCountAsync(string topic) => Task.Run(() => GetPartitionCount(topic));

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    private PartitionCountResult GetPartitionCount(string topic)
    {
        try
        {
            var metadata = _admin.Value.GetMetadata(topic, Timeout);
            var described = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (described is null)
            {
                return new(null, $"The broker returned no metadata for topic '{topic}'.");
            }

            if (described.Error.IsError)
            {
                return new(null, $"Topic '{topic}': {described.Error.Code} ({described.Error.Reason}).");
            }

            return described.Partitions.Count > 0
                ? new(described.Partitions.Count, null)
                : new(null, $"Topic '{topic}' has no partitions yet.");
        }
        catch (KafkaException ex)
        {
            return new(null, $"Could not read the metadata of topic '{topic}': {ex.Error.Code} ({ex.Error.Reason}).");
        }
    }
}
