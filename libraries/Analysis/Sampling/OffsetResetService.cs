using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Plans and applies offset resets without ever joining the group. Applying commits the planned offsets
/// with a consumer that carries the group id but never subscribes, so it is never a member: its OffsetCommit goes out
/// with no member id and generation −1 (see <see cref="Commit"/>). Never AlterConsumerGroupOffsets (UnknownMemberId on
/// the embedded broker) or DeleteConsumerGroupOffsets (crashes against it).
/// <para>No race between "is the group inactive?" and the commit: the group coordinator decides both in one step.
/// A broker accepts a commit from outside the group only while the group has no members (Kafka: the group is Empty or
/// unknown; a consumer group under KIP-848 without members); with any member, joining or joined, it answers
/// UnknownMemberId, IllegalGeneration or RebalanceInProgress, and nothing is committed. The active-member check made
/// first (reports, and the broker's view where it describes groups) only names the members in the refusal; the
/// commit is the check that counts. A consumer that joins after the commit simply starts from the new offsets. Resets
/// are also serialized within this process, so two of them never interleave their commits.</para></summary>
public sealed class OffsetResetService(KafkaClientFactory kafka, MembershipRegistry registry, TimeProvider time, IOptions<AnalyzerOptions> options)
{
    /// <summary>Errors by which a broker refuses a commit from outside a group that has (or, for the embedded broker,
    /// once had) members.</summary>
    public static readonly IReadOnlySet<ErrorCode> RefusedByGroup = new HashSet<ErrorCode>
    {
        ErrorCode.UnknownMemberId, ErrorCode.IllegalGeneration, ErrorCode.RebalanceInProgress, ErrorCode.StaleMemberEpoch, ErrorCode.FencedInstanceId,
    };

    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<OffsetResetPlanResult> PlanAsync(string group, OffsetResetRequest request, CancellationToken ct)
    {
        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        var count = reader.PartitionCount(request.Topic);
        if (count is null)
        {
            return OffsetResetPlanResult.Invalid("topic", $"topic '{request.Topic}' does not exist");
        }

        var wanted = request.Partitions ?? Enumerable.Range(0, count.Value).ToList();
        var missing = wanted.Where(p => p >= count.Value).ToList();
        if (missing.Count > 0)
        {
            return OffsetResetPlanResult.Invalid("partitions", $"topic '{request.Topic}' has partitions 0..{count - 1}; no partition {string.Join(", ", missing)}");
        }

        var offsets = (await reader.ReadOffsetsAsync(group, request.Topic, count.Value, ct).ConfigureAwait(false))
            .Where(o => wanted.Contains(o.Partition)).ToList();
        var forTime = request.To == ResetTarget.Datetime
            ? await reader.OffsetsForTimeAsync(request.Topic, wanted, request.Datetime!.Value).ConfigureAwait(false)
            : null;
        return new OffsetResetPlanResult(OffsetResetPlanner.Plan(request, offsets, forTime), null, null);
    }

    /// <summary>Members that would be disrupted: the live reporting members (and the broker's view when it can describe).</summary>
    public async Task<IReadOnlyList<string>> ActiveMembersAsync(string group)
    {
        var members = registry.Active(group, time.GetUtcNow()).Select(r => $"{r.ReplicaId} ({r.MemberId ?? r.ClientId})").ToList();
        if (options.Value.MembershipSource != MembershipSources.Reports)
        {
            using var admin = kafka.CreateAdminClient();
            if (await new KafkaGroupReader(admin).DescribeAsync(group, options.Value.Topic).ConfigureAwait(false) is { } described)
            {
                members.AddRange(described.Members.Select(m => m.MemberId).Where(id => !members.Any(x => x.Contains(id, StringComparison.Ordinal))).ToList());
            }
        }
        return members;
    }

    /// <summary>Commits the planned offsets for the group and reads them back; refuses (nothing committed) when the group
    /// has live members or the broker will not take a commit from outside the group.</summary>
    public async Task<OffsetResetOutcome> ExecuteAsync(string group, IReadOnlyList<OffsetResetRow> plan, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var active = await ActiveMembersAsync(group).ConfigureAwait(false);
            if (active.Count > 0)
            {
                return OffsetResetOutcome.Refused(active,
                    $"Offsets can only be reset while group '{group}' has no active members; stop these first: {string.Join(", ", active)}.");
            }

            var offsets = plan.Select(r => new TopicPartitionOffset(r.Topic, r.Partition, r.NewOffset)).ToList();
            if (await Task.Run(() => Commit(group, offsets), ct).WaitAsync(CommitTimeout, ct).ConfigureAwait(false) is { } refusal)
            {
                return OffsetResetOutcome.Refused([],
                    $"The broker refused the commit for group '{group}' ({refusal}): it takes offsets from outside a group only while the "
                    + "group has no members, and this reset never joins the group (joining would make a live group rebalance). Stop the "
                    + "group's consumers and retry. The embedded broker keeps every group that ever had members as if it still had "
                    + "them, so there only a group whose consumers never joined (they assign partitions themselves) can be reset.");
            }

            using var admin = kafka.CreateAdminClient();
            var reader = new KafkaGroupReader(admin);
            var topic = plan.FirstOrDefault()?.Topic ?? options.Value.Topic;
            var count = reader.PartitionCount(topic) ?? 0;
            var after = (await reader.ReadOffsetsAsync(group, topic, count, ct).ConfigureAwait(false)).ToDictionary(o => o.Partition);
            return OffsetResetOutcome.Applied(plan.Select(r => r with { CurrentOffset = after.TryGetValue(r.Partition, out var o) ? o.Committed : null }).ToList());
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Commits explicit offsets with the group id and nothing else: no Subscribe (which would join the group)
    /// and no Assign (not needed to commit). librdkafka sends the OffsetCommit with its empty member id and generation −1,
    /// and a consumer that never subscribed does not rejoin on an UnknownMemberId answer. Returns null when committed,
    /// else the error by which the group refused it.</summary>
    private ErrorCode? Commit(string group, IReadOnlyList<TopicPartitionOffset> offsets)
    {
        var config = kafka.CreateConsumerConfig();
        config.GroupId = group;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        using var outsider = kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config).Build();
        try
        {
            outsider.Commit(offsets);
            return null;
        }
        catch (TopicPartitionOffsetException ex) when (Refusal(ex.Error.Code, ex.Results.Select(r => r.Error.Code)) is { } code)
        {
            return code;
        }
        catch (KafkaException ex) when (RefusedByGroup.Contains(ex.Error.Code))
        {
            return ex.Error.Code;
        }
        finally
        {
            outsider.Close();
        }
    }

    private static ErrorCode? Refusal(ErrorCode error, IEnumerable<ErrorCode> partitions) =>
        RefusedByGroup.Contains(error) ? error : partitions.Where(RefusedByGroup.Contains).Select(c => (ErrorCode?)c).FirstOrDefault();
}

/// <summary>An executed reset's offsets as committed, or why it was refused (nothing committed).</summary>
public sealed record OffsetResetOutcome(IReadOnlyList<OffsetResetRow>? Rows, IReadOnlyList<string> ActiveMembers, string? RefusedBecause)
{
    public static OffsetResetOutcome Applied(IReadOnlyList<OffsetResetRow> rows) => new(rows, [], null);

    public static OffsetResetOutcome Refused(IReadOnlyList<string> activeMembers, string reason) => new(null, activeMembers, reason);
}

/// <summary>A plan, or the field and reason it could not be made.</summary>
public sealed record OffsetResetPlanResult(IReadOnlyList<OffsetResetRow> Rows, string? InvalidField, string? Error)
{
    public static OffsetResetPlanResult Invalid(string field, string error) => new([], field, error);
}
