using Confluent.Kafka;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Recognises consumer group heartbeat failures in what librdkafka reports. librdkafka logs failed
/// heartbeats under the facility <c>HEARTBEAT</c> (debug context <c>cgrp</c>) and lost sessions under
/// <c>SESSTMOUT</c> (a warning, always on); errors carrying a heartbeat reason come through the error handler.
/// </summary>
public static class KafkaHeartbeatFailure
{
    /// <summary>The failure's reason (<c>heartbeat</c> or <c>session_timeout</c>), or null when it is none.</summary>
    public static string? Classify(LogMessage log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (string.Equals(log.Facility, "SESSTMOUT", StringComparison.OrdinalIgnoreCase))
        {
            return "session_timeout";
        }

        var message = log.Message ?? "";
        if (message.Contains("Heartbeat failed", StringComparison.OrdinalIgnoreCase))
        {
            return "heartbeat";
        }

        // HEARTBEAT also logs successful or informational lines at debug level; count only errors.
        if (string.Equals(log.Facility, "HEARTBEAT", StringComparison.OrdinalIgnoreCase)
            && (log.Level <= SyslogLevel.Warning || message.Contains("error", StringComparison.OrdinalIgnoreCase)))
        {
            return "heartbeat";
        }

        return null;
    }

    /// <summary>The failure's reason, or null when the error is not about heartbeats.</summary>
    public static string? Classify(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Reason ?? "";
        if (reason.Contains("session timed out", StringComparison.OrdinalIgnoreCase))
        {
            return "session_timeout";
        }

        return reason.Contains("heartbeat", StringComparison.OrdinalIgnoreCase) ? "heartbeat" : null;
    }
}
