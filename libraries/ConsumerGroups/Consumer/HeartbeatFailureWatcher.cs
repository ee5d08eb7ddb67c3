using Confluent.Kafka;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Watches the consumer's errors and log lines for failed heartbeats and expired sessions
/// (<see cref="KafkaHeartbeatFailure"/>, the same classification the client integration's metric uses) and tells the
/// <see cref="ConsumerEventRecorder"/>.</summary>
public sealed class HeartbeatFailureWatcher(ConsumerEventRecorder events)
{
    public void OnError(IConsumer<byte[]?, byte[]?> consumer, Error error)
    {
        if (KafkaHeartbeatFailure.Classify(error) is not null)
        {
            events.HeartbeatFailed();
        }
    }

    public void OnLog(IConsumer<byte[]?, byte[]?> consumer, LogMessage message)
    {
        if (KafkaHeartbeatFailure.Classify(message) is not null)
        {
            events.HeartbeatFailed();
        }
    }
}
