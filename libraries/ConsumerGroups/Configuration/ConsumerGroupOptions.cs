using Confluent.Kafka;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Configuration;

/// <summary>Settings of one consumer-group service, bound from the <c>ConsumerGroup</c> section and validated at
/// start-up by <see cref="ConsumerGroupOptionsValidator"/>. Strategy and protocol are bound as strings (binding an
/// enum from an unknown string fails with an unhelpful message); <see cref="Strategy"/> and <see cref="Protocol"/>
/// give the typed values once validation has passed.</summary>
public sealed class ConsumerGroupOptions
{
    public const string SectionName = "ConsumerGroup";

    public string GroupId { get; set; } = "";
    public string Topic { get; set; } = "order-events";
    public string DeadLetterTopic { get; set; } = "order-events.dlt";
    public string ReportsTopic { get; set; } = "consumer-group-reports";

    /// <summary><c>range</c> | <c>roundrobin</c> | <c>cooperative-sticky</c>, case-insensitive.</summary>
    public string AssignmentStrategy { get; set; } = AssignmentStrategies.RangeName;

    /// <summary><c>classic</c> | <c>consumer</c> (KIP-848), case-insensitive.</summary>
    public string GroupProtocol { get; set; } = ConsumerGroupProtocols.ClassicName;

    public int SessionTimeoutMs { get; set; } = 10_000;
    public int HeartbeatIntervalMs { get; set; } = 3_000;
    public int MaxPollIntervalMs { get; set; } = 300_000;
    /// <summary>At most this many orders of one partition are made durable together (one store transaction), like
    /// <c>max.poll.records</c>. Batches form by themselves: a partition's worker takes everything that arrived while
    /// it wrote the previous batch, so a lightly loaded partition writes each order at once.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>At most this many partitions are processed at the same time by this member.</summary>
    public int MaxConcurrency { get; set; } = 6;

    /// <summary>Orders of different keys within one partition processed at once (each key's orders stay in order;
    /// the offset never passes an unfinished order). 1 keeps partition order: one order at a time. Worth raising
    /// when the per-order work waits on I/O, such as a remote call.</summary>
    public int KeyConcurrency { get; set; } = 1;

    /// <summary>How often librdkafka commits the stored offsets. Short, because after a crash everything processed
    /// since the last commit is redelivered; commits are asynchronous and cost one small request.</summary>
    public int CommitIntervalMs { get; set; } = 200;

    /// <summary>A report is published at once on every rebalance, and at least this often (the analyzer counts a member
    /// silent for three intervals as gone, so both sides must agree on it).</summary>
    public int ReportIntervalMs { get; set; } = 2_000;

    /// <summary>Names this process among the group's replicas (stored with every effect, shown in reports).</summary>
    public string ReplicaId { get; set; } = DefaultReplicaId(Environment.GetEnvironmentVariable, Environment.MachineName, Environment.ProcessId);

    /// <summary>The parsed <see cref="AssignmentStrategy"/>; throws when it is not valid (validation reports that first).</summary>
    public AssignmentStrategy Strategy =>
        AssignmentStrategies.TryParse(AssignmentStrategy, out var strategy)
            ? strategy
            : throw new InvalidOperationException($"{SectionName}:{nameof(AssignmentStrategy)} = '{AssignmentStrategy}' is not valid");

    /// <summary>The parsed <see cref="GroupProtocol"/>; throws when it is not valid (validation reports that first).</summary>
    public ConsumerGroupProtocol Protocol =>
        ConsumerGroupProtocols.TryParse(GroupProtocol, out var protocol)
            ? protocol
            : throw new InvalidOperationException($"{SectionName}:{nameof(GroupProtocol)} = '{GroupProtocol}' is not valid");

    /// <summary><c>REPLICA_ID</c> when set, else <c>{machine}-{pid}</c>.</summary>
    public static string DefaultReplicaId(Func<string, string?> environment, string machineName, int processId)
    {
        var configured = environment("REPLICA_ID");
        return string.IsNullOrWhiteSpace(configured) ? $"{machineName}-{processId}" : configured.Trim();
    }

    /// <summary>Writes the group settings into a consumer configuration (bootstrap servers and the like stay the
    /// caller's). Offsets: auto-commit every <see cref="CommitIntervalMs"/> of offsets the loop stores explicitly after
    /// processing (<c>enable.auto.offset.store=false</c>), so nothing is committed before its effect is applied.
    /// With <c>group.protocol=consumer</c> the client refuses <c>partition.assignment.strategy</c>,
    /// <c>session.timeout.ms</c> and <c>heartbeat.interval.ms</c>, so they are removed rather than set.</summary>
    public ConsumerConfig ApplyTo(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.GroupId = GroupId;
        config.ClientId ??= $"{GroupId}-{ReplicaId}";
        config.MaxPollIntervalMs = MaxPollIntervalMs;
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs = CommitIntervalMs;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.GroupProtocol = Protocol.ToConfluent();
        if (Protocol == ConsumerGroupProtocol.Consumer)
        {
            // Setting a property to null removes the key from the configuration.
            config.PartitionAssignmentStrategy = null;
            config.SessionTimeoutMs = null;
            config.HeartbeatIntervalMs = null;
        }
        else
        {
            config.PartitionAssignmentStrategy = Strategy.ToConfluent();
            config.SessionTimeoutMs = SessionTimeoutMs;
            config.HeartbeatIntervalMs = HeartbeatIntervalMs;
        }
        return config;
    }
}
