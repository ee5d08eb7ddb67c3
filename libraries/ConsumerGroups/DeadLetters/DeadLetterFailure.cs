using Confluent.Kafka;

namespace OrdersAspire.ConsumerGroups.DeadLetters;

/// <summary>Why a dead letter could not be written. Every kind is retried (a dead letter is never dropped: the source
/// offset cannot move past it); what differs is what else happens.</summary>
public enum DeadLetterFailureKind
{
    /// <summary>A broker or network hiccup (leader moving, timeout, broker down): retried quietly.</summary>
    Transient,

    /// <summary>The producer is unusable (a fatal idempotent-producer error): it is rebuilt, then the write is retried.</summary>
    Fatal,

    /// <summary>The broker refuses the write and will go on refusing it until someone acts (authorization, policy, a
    /// missing or misconfigured topic): the partition stops there, health is Unhealthy and a critical line is logged,
    /// while the write is retried at the longest backoff so the partition resumes by itself once it is fixed.</summary>
    Rejected,
}

/// <summary>A dead letter that could not be written, with the kind of failure.</summary>
public sealed class DeadLetterFailedException(DeadLetterFailureKind kind, Error error, Exception inner)
    : Exception($"the dead letter was not written ({kind}): {error.Code}: {error.Reason}", inner)
{
    public DeadLetterFailureKind Kind { get; } = kind;
    public ErrorCode Code { get; } = error.Code;

    /// <summary>Sorts a produce error. Fatal errors make the producer unusable; the broker errors below are answers that
    /// do not change on retry; everything else (timeouts, leadership changes, brokers down) passes.</summary>
    public static DeadLetterFailureKind Classify(Error error) => error switch
    {
        { IsFatal: true } => DeadLetterFailureKind.Fatal,
        {
            Code: ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.GroupAuthorizationFailed
            or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication
            or ErrorCode.PolicyViolation or ErrorCode.TopicException or ErrorCode.InvalidRequiredAcks or ErrorCode.RecordListTooLarge
            or ErrorCode.InvalidRecord or ErrorCode.UnsupportedForMessageFormat or ErrorCode.Local_UnknownTopic
            or ErrorCode.TopicDeletionDisabled or ErrorCode.UnsupportedVersion
        } => DeadLetterFailureKind.Rejected,
        _ => DeadLetterFailureKind.Transient,
    };
}
