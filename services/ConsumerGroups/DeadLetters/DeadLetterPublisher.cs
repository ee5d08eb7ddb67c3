using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.DeadLetters;

/// <summary>Sends messages that can never be processed to the dead-letter topic, unchanged, with headers
/// giving the reason and the source. Waits for the broker's acknowledgement: the source offset is only
/// stored once the dead letter is durable.</summary>
public sealed class DeadLetterPublisher : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly ConsumerGroupOptions _options;
    private readonly ILogger<DeadLetterPublisher> _logger;

    public DeadLetterPublisher(KafkaClientFactory factory, IOptions<ConsumerGroupOptions> options, ILogger<DeadLetterPublisher> logger)
    {
        _options = options.Value;
        _logger = logger;
        var config = factory.CreateProducerConfig();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.ClientId = $"{_options.GroupId}-{_options.ReplicaId}-dlt";
        _producer = factory.CreateProducerBuilder<byte[]?, byte[]?>(config).Build();
    }

    public async Task PublishAsync(ConsumeResult<byte[]?, byte[]?> source, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (source.Message.Headers is not null)
        {
            foreach (var header in source.Message.Headers)
                headers.Add(header.Key, header.GetValueBytes());
        }
        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.ConsumerGroup, Encoding.UTF8.GetBytes(_options.GroupId));
        headers.Add(DeadLetterHeaders.Replica, Encoding.UTF8.GetBytes(_options.ReplicaId));
        headers.Add(DeadLetterHeaders.DeadLetteredAt, Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

        var message = new Message<byte[]?, byte[]?> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers };
        // The order's trace goes on to the dead-letter topic: a publish span under the current processing span, whose
        // context replaces the copied traceparent so a dead-letter consumer continues from here.
        using var span = KafkaTelemetry.StartProduce(_options.DeadLetterTopic, message);
        span?.SetTag("ordersaspire.dead_letter.reason", reason);
        try
        {
            DeliveryResult<byte[]?, byte[]?> delivered;
            try
            {
                delivered = await _producer.ProduceAsync(_options.DeadLetterTopic, message, cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.MsgSizeTooLarge)
            {
                // Too large for the dead-letter topic: retrying would block the partition forever. Dead-letter it without
                // its value; the source headers say where the original still is.
                headers.Add(DeadLetterHeaders.ValueOmittedBytes, Encoding.UTF8.GetBytes(source.Message.Value?.Length.ToString(CultureInfo.InvariantCulture) ?? "0"));
                message.Value = null;
                delivered = await _producer.ProduceAsync(_options.DeadLetterTopic, message, cancellationToken).ConfigureAwait(false);
            }
            KafkaTelemetry.RecordDelivery(span, delivered);
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordDeliveryError(span, ex);
            throw;
        }
        _logger.LogWarning("Dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Reason}",
            source.Topic, source.Partition.Value, source.Offset.Value, _options.DeadLetterTopic, reason);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
