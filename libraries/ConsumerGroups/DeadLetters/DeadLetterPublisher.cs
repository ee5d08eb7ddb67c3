using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.DeadLetters;

/// <summary>Sends messages that can never be processed to the dead-letter topic, unchanged, with headers
/// giving the reason and the source. Waits for the broker's acknowledgement: the source offset is only
/// stored once the dead letter is durable. A failure surfaces as <see cref="DeadLetterFailedException"/> with its kind;
/// a producer that failed fatally is replaced first.</summary>
public sealed class DeadLetterPublisher : IDisposable
{
    private readonly KafkaClientFactory _factory;
    private readonly ConsumerGroupOptions _options;
    private readonly ConsumerEventRecorder _events;
    private readonly Lock _rebuildLock = new();
    private IProducer<byte[]?, byte[]?> _producer;

    public DeadLetterPublisher(KafkaClientFactory factory, IOptions<ConsumerGroupOptions> options, ConsumerEventRecorder events)
    {
        _options = options.Value;
        _events = events;
        _factory = factory;
        _producer = BuildProducer();
    }

    private IProducer<byte[]?, byte[]?> BuildProducer()
    {
        var config = _factory.CreateProducerConfig();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.ClientId = $"{_options.GroupId}-{_options.ReplicaId}-dlt";
        return _factory.CreateProducerBuilder<byte[]?, byte[]?>(config).Build();
    }

    /// <summary>Replaces a producer that reported a fatal error (only once, however many partitions saw it fail).</summary>
    private void Rebuild(IProducer<byte[]?, byte[]?> failed, Error error)
    {
        lock (_rebuildLock)
        {
            if (!ReferenceEquals(_producer, failed))
            {
                return;
            }

            _producer = BuildProducer();
        }
        _events.DeadLetterProducerReplaced(error);
        try { failed.Dispose(); } catch (KafkaException) { }
    }

    public async Task PublishAsync(ConsumeResult<byte[]?, byte[]?> source, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (source.Message.Headers is not null)
        {
            foreach (var header in source.Message.Headers)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
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
        var producer = _producer;
        try
        {
            DeliveryResult<byte[]?, byte[]?> delivered;
            try
            {
                delivered = await producer.ProduceAsync(_options.DeadLetterTopic, message, cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.MsgSizeTooLarge)
            {
                // Too large for the dead-letter topic: retrying would block the partition forever. Dead-letter it without
                // its value; the source headers say where the original still is.
                headers.Add(DeadLetterHeaders.ValueOmittedBytes, Encoding.UTF8.GetBytes(source.Message.Value?.Length.ToString(CultureInfo.InvariantCulture) ?? "0"));
                message.Value = null;
                delivered = await producer.ProduceAsync(_options.DeadLetterTopic, message, cancellationToken).ConfigureAwait(false);
            }
            KafkaTelemetry.RecordDelivery(span, delivered);
        }
        catch (KafkaException ex)
        {
            KafkaTelemetry.RecordDeliveryError(span, ex);
            var kind = DeadLetterFailedException.Classify(ex.Error);
            _events.DeadLetterFailed(kind, ex.Error.Code);
            if (kind == DeadLetterFailureKind.Fatal)
            {
                Rebuild(producer, ex.Error);
            }

            throw new DeadLetterFailedException(kind, ex.Error, ex);
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordDeliveryError(span, ex);
            throw;
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
