using Confluent.Kafka;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ServiceDefaults.Tests.Kafka;

public sealed class KafkaHeartbeatFailureTests
{
    [Theory]
    [InlineData("HEARTBEAT", SyslogLevel.Warning, "Group \"g\" heartbeat error response in state up: Broker: Unknown member", "heartbeat")]
    [InlineData("HEARTBEAT", SyslogLevel.Debug, "Group \"g\" heartbeat error response in state up (join-state steady): Broker: Group rebalance in progress", "heartbeat")]
    [InlineData("CGRP", SyslogLevel.Warning, "Heartbeat failed due to coordinator change", "heartbeat")]
    [InlineData("SESSTMOUT", SyslogLevel.Warning, "Consumer group session timed out (in join-state steady) after 6012 ms without a successful response from the group coordinator", "session_timeout")]
    [InlineData("HEARTBEAT", SyslogLevel.Debug, "Heartbeat for group \"g\" generation id 3", null)]
    [InlineData("FETCH", SyslogLevel.Warning, "Fetch from broker 1 failed", null)]
    public void Classifies_log_lines(string facility, SyslogLevel level, string message, string? expected) =>
        Assert.Equal(expected, KafkaHeartbeatFailure.Classify(new LogMessage("rdkafka#consumer-1", level, facility, message)));

    [Theory]
    [InlineData(ErrorCode.UnknownMemberId, "Heartbeat failed: Broker: Unknown member", "heartbeat")]
    [InlineData(ErrorCode.Local_Transport, "Consumer group session timed out", "session_timeout")]
    [InlineData(ErrorCode.Local_Transport, "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused", null)]
    public void Classifies_errors(ErrorCode code, string reason, string? expected) =>
        Assert.Equal(expected, KafkaHeartbeatFailure.Classify(new Error(code, reason)));
}
