using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;
using static OrdersAspire.ConsumerGroups.Tests.Configuration.OptionsBinding;

namespace OrdersAspire.ConsumerGroups.Tests.Configuration;

public sealed class ConsumerGroupOptionsValidatorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("AssignmentStrategy=range")]
    [InlineData("AssignmentStrategy=RoundRobin")]
    [InlineData("AssignmentStrategy= Cooperative-Sticky ")]
    [InlineData("GroupProtocol=CONSUMER")]
    [InlineData("SessionTimeoutMs=6000", "HeartbeatIntervalMs=2000", "MaxPollIntervalMs=6000")]
    [InlineData("SessionTimeoutMs=1000", "HeartbeatIntervalMs=333", "MaxPollIntervalMs=86400000")]
    [InlineData("SessionTimeoutMs=300000", "HeartbeatIntervalMs=100000")]
    [InlineData("BatchSize=1", "MaxConcurrency=64", "CommitIntervalMs=100", "ReportIntervalMs=60000")]
    [InlineData("BatchSize=10000", "MaxConcurrency=1", "CommitIntervalMs=60000", "ReportIntervalMs=100")]
    [InlineData("Topic=orders.v2_x-y", "DeadLetterTopic=dlt", "ReportsTopic=r")]
    public void Valid_configurations_pass(params string[] settings) =>
        Assert.Empty(ConsumerGroupOptionsValidator.Check(Bind(settings)));

    [Theory]
    [InlineData("AssignmentStrategy=rnage", "ConsumerGroup:AssignmentStrategy = 'rnage' is not valid; allowed: range, roundrobin, cooperative-sticky")]
    [InlineData("AssignmentStrategy=", "ConsumerGroup:AssignmentStrategy = '' is not valid; allowed: range, roundrobin, cooperative-sticky")]
    [InlineData("AssignmentStrategy=sticky", "ConsumerGroup:AssignmentStrategy = 'sticky' is not valid; allowed: range, roundrobin, cooperative-sticky")]
    [InlineData("GroupProtocol=kip848", "ConsumerGroup:GroupProtocol = 'kip848' is not valid; allowed: classic, consumer")]
    [InlineData("GroupId=", "ConsumerGroup:GroupId is required")]
    [InlineData("GroupId=  ", "ConsumerGroup:GroupId is required")]
    [InlineData("Topic=order events", "ConsumerGroup:Topic = 'order events' is not a valid topic name; allowed: 1..249 characters of a-z A-Z 0-9 . _ -")]
    [InlineData("DeadLetterTopic=..", "ConsumerGroup:DeadLetterTopic = '..' is not a valid topic name; allowed: 1..249 characters of a-z A-Z 0-9 . _ -")]
    [InlineData("ReportsTopic=", "ConsumerGroup:ReportsTopic = '' is not a valid topic name; allowed: 1..249 characters of a-z A-Z 0-9 . _ -")]
    [InlineData("SessionTimeoutMs=999", "ConsumerGroup:SessionTimeoutMs = 999 is out of range; allowed: 1000..300000")]
    [InlineData("SessionTimeoutMs=300001", "ConsumerGroup:SessionTimeoutMs = 300001 is out of range; allowed: 1000..300000")]
    [InlineData("HeartbeatIntervalMs=3334", "ConsumerGroup:HeartbeatIntervalMs = 3334 is out of range; allowed: 1..3333 (at most a third of ConsumerGroup:SessionTimeoutMs = 10000)")]
    [InlineData("HeartbeatIntervalMs=0", "ConsumerGroup:HeartbeatIntervalMs = 0 is out of range; allowed: 1..3333 (at most a third of ConsumerGroup:SessionTimeoutMs = 10000)")]
    [InlineData("MaxPollIntervalMs=9999", "ConsumerGroup:MaxPollIntervalMs = 9999 is out of range; allowed: 10000..86400000 (at least ConsumerGroup:SessionTimeoutMs = 10000)")]
    [InlineData("BatchSize=0", "ConsumerGroup:BatchSize = 0 is out of range; allowed: 1..10000")]
    [InlineData("BatchSize=10001", "ConsumerGroup:BatchSize = 10001 is out of range; allowed: 1..10000")]
    [InlineData("MaxConcurrency=65", "ConsumerGroup:MaxConcurrency = 65 is out of range; allowed: 1..64")]
    [InlineData("KeyConcurrency=0", "ConsumerGroup:KeyConcurrency = 0 is out of range; allowed: 1..1024")]
    [InlineData("KeyConcurrency=1025", "ConsumerGroup:KeyConcurrency = 1025 is out of range; allowed: 1..1024")]
    [InlineData("CommitIntervalMs=99", "ConsumerGroup:CommitIntervalMs = 99 is out of range; allowed: 100..60000")]
    [InlineData("ReportIntervalMs=60001", "ConsumerGroup:ReportIntervalMs = 60001 is out of range; allowed: 100..60000")]
    [InlineData("ReplicaId=", "ConsumerGroup:ReplicaId must not be empty; allowed: 1..249 characters (default: REPLICA_ID or machine-pid)")]
    public void Invalid_setting_is_reported_with_its_full_key_and_the_allowed_values(string setting, string expected) =>
        Assert.Equal([expected], ConsumerGroupOptionsValidator.Check(Bind(setting)));

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var failures = ConsumerGroupOptionsValidator.Check(Bind("GroupId=", "AssignmentStrategy=x", "BatchSize=0"));
        Assert.Equal(
            [
                "ConsumerGroup:GroupId is required",
                "ConsumerGroup:AssignmentStrategy = 'x' is not valid; allowed: range, roundrobin, cooperative-sticky",
                "ConsumerGroup:BatchSize = 0 is out of range; allowed: 1..10000",
            ],
            failures);
    }

    [Fact]
    public void An_invalid_session_timeout_is_reported_once_not_again_through_the_settings_derived_from_it()
    {
        var failures = ConsumerGroupOptionsValidator.Check(Bind("SessionTimeoutMs=0"));
        Assert.Equal(["ConsumerGroup:SessionTimeoutMs = 0 is out of range; allowed: 1000..300000"], failures);
    }

    [Fact]
    public void Validate_returns_the_failures_through_the_options_interface()
    {
        var result = new ConsumerGroupOptionsValidator().Validate(null, Bind("GroupProtocol=nope"));
        Assert.True(result.Failed);
        Assert.Equal(["ConsumerGroup:GroupProtocol = 'nope' is not valid; allowed: classic, consumer"], result.Failures);
        Assert.True(new ConsumerGroupOptionsValidator().Validate(null, Bind()).Succeeded);
    }
}
