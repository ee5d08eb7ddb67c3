using Confluent.Kafka;
using OrdersAspire.EmbeddedKafka.Faults;

namespace OrdersAspire.EmbeddedKafka.Tests.Faults;

public sealed class KafkaErrorCodesTests
{
    [Theory]
    [InlineData("REBALANCE_IN_PROGRESS", ErrorCode.RebalanceInProgress)]
    [InlineData("RebalanceInProgress", ErrorCode.RebalanceInProgress)]
    [InlineData("rebalance_in_progress", ErrorCode.RebalanceInProgress)]
    [InlineData("27", ErrorCode.RebalanceInProgress)]
    [InlineData("NOT_COORDINATOR", ErrorCode.NotCoordinatorForGroup)]
    [InlineData("NotCoordinatorForGroup", ErrorCode.NotCoordinatorForGroup)]
    [InlineData("COORDINATOR_NOT_AVAILABLE", ErrorCode.GroupCoordinatorNotAvailable)]
    [InlineData("NOT_LEADER_OR_FOLLOWER", ErrorCode.NotLeaderForPartition)]
    [InlineData("NOT_LEADER_FOR_PARTITION", ErrorCode.NotLeaderForPartition)]
    [InlineData("UNKNOWN_TOPIC_OR_PARTITION", ErrorCode.UnknownTopicOrPart)]
    [InlineData("UNKNOWN_MEMBER_ID", ErrorCode.UnknownMemberId)]
    [InlineData("ILLEGAL_GENERATION", ErrorCode.IllegalGeneration)]
    [InlineData("NO_ERROR", ErrorCode.NoError)]
    public void Kafka_and_confluent_names_parse(string text, ErrorCode expected)
    {
        Assert.True(KafkaErrorCodes.TryParse(text, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOT_AN_ERROR")]
    [InlineData("-185")]
    [InlineData("Local_MsgTimedOut")]
    [InlineData("_MSG_TIMED_OUT")]
    [InlineData("100000")]
    public void Unknown_and_client_local_errors_are_refused(string text) =>
        Assert.False(KafkaErrorCodes.TryParse(text, out _));

    [Fact]
    public void Error_names_come_from_librdkafka() =>
        Assert.Equal("REBALANCE_IN_PROGRESS", MockKafkaCluster.ErrorName(ErrorCode.RebalanceInProgress));
}
