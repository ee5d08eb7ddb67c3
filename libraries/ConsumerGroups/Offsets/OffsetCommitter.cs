using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Consumer;

namespace OrdersAspire.ConsumerGroups.Offsets;

/// <summary>Commits the stored offsets synchronously (on revoke and on shutdown) and hears librdkafka's periodic
/// commits; every result goes to the <see cref="ConsumerEventRecorder"/>. "No offset" means nothing new was stored
/// since the last commit: not a commit at all.</summary>
public sealed class OffsetCommitter(ConsumerEventRecorder events)
{
    /// <param name="trigger">Why: <c>revoke</c> or <c>shutdown</c>, for the log line of a failure.</param>
    public void CommitNow(IConsumer<byte[]?, byte[]?> consumer, string trigger)
    {
        try
        {
            consumer.Commit();
            events.CommitSucceeded();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
        }
        catch (KafkaException ex)
        {
            events.CommitFailed(trigger, ex.Error.Reason);
        }
    }

    /// <summary>librdkafka's periodic auto-commit reports here.</summary>
    public void OnCommitted(CommittedOffsets committed)
    {
        if (committed.Error.Code == ErrorCode.Local_NoOffset)
        {
            return;
        }

        var failure = committed.Error.IsError
            ? committed.Error
            : committed.Offsets.Select(o => o.Error).FirstOrDefault(e => e.IsError && e.Code != ErrorCode.Local_NoOffset);
        if (failure is null)
        {
            events.CommitSucceeded();
        }
        else
        {
            events.CommitFailed("auto-commit", failure.Reason);
        }
    }
}
