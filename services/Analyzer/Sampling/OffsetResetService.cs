using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.Analyzer.Analysis;
using OrdersAspire.Analyzer.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analyzer.Sampling;

/// <summary>Plans and applies offset resets. Applying commits the planned offsets with a consumer that uses the group
/// id (see <see cref="Commit"/>), never with AlterConsumerGroupOffsets (UnknownMemberId on the embedded broker) or
/// DeleteConsumerGroupOffsets (crashes against it).</summary>
public sealed class OffsetResetService(KafkaClientFactory kafka, MembershipRegistry registry, TimeProvider time, IOptions<AnalyzerOptions> options)
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    public async Task<OffsetResetPlanResult> PlanAsync(string group, OffsetResetRequest request, CancellationToken ct)
    {
        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        var count = reader.PartitionCount(request.Topic);
        if (count is null)
            return OffsetResetPlanResult.Invalid("topic", $"topic '{request.Topic}' does not exist");
        var wanted = request.Partitions ?? Enumerable.Range(0, count.Value).ToList();
        var missing = wanted.Where(p => p >= count.Value).ToList();
        if (missing.Count > 0)
            return OffsetResetPlanResult.Invalid("partitions", $"topic '{request.Topic}' has partitions 0..{count - 1}; no partition {string.Join(", ", missing)}");

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
                members.AddRange(described.Members.Select(m => m.MemberId).Where(id => !members.Any(x => x.Contains(id, StringComparison.Ordinal))).ToList());
        }
        return members;
    }

    /// <summary>Commits the planned offsets for the group and reads them back.</summary>
    public async Task<IReadOnlyList<OffsetResetRow>> ExecuteAsync(string group, IReadOnlyList<OffsetResetRow> plan, CancellationToken ct)
    {
        var offsets = plan.Select(r => new TopicPartitionOffset(r.Topic, r.Partition, r.NewOffset)).ToList();
        await Task.Run(() => Commit(group, offsets, ct), ct).ConfigureAwait(false);

        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        var topic = plan.FirstOrDefault()?.Topic ?? options.Value.Topic;
        var count = reader.PartitionCount(topic) ?? 0;
        var after = (await reader.ReadOffsetsAsync(group, topic, count, ct).ConfigureAwait(false)).ToDictionary(o => o.Partition);
        return plan.Select(r => r with { CurrentOffset = after.TryGetValue(r.Partition, out var o) ? o.Committed : null }).ToList();
    }

    /// <summary>Assigns and commits without joining (what works on a real cluster for an empty group). A broker that
    /// keeps the group's state and refuses commits from non-members (the embedded one answers UnknownMemberId) gets a
    /// consumer that joins the empty group, receives every partition and commits as its only member, then leaves.</summary>
    private void Commit(string group, IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken ct)
    {
        var config = kafka.CreateConsumerConfig();
        config.GroupId = group;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        using (var assigned = kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config).Build())
        {
            try
            {
                assigned.Assign(offsets);
                assigned.Commit(offsets);
                return;
            }
            catch (KafkaException ex) when (ex.Error.Code is ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration)
            {
            }
            finally
            {
                assigned.Close();
            }
        }

        // Short timeouts: should an earlier member's leave be missed, the join waits seconds for it, not minutes.
        config.SessionTimeoutMs = 6000;
        config.HeartbeatIntervalMs = 500;
        config.MaxPollIntervalMs = 6000;
        using var member = kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config).Build();
        member.Subscribe(offsets.Select(o => o.Topic).Distinct());
        var wanted = offsets.Select(o => o.TopicPartition).ToHashSet();
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (!wanted.IsSubsetOf(member.Assignment))
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline)
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"joining group {group} to commit the reset took longer than {JoinTimeout.TotalSeconds:0} s"));
            member.Consume(TimeSpan.FromMilliseconds(100));
        }
        member.Commit(offsets);
        member.Close();
    }

}

/// <summary>A plan, or the field and reason it could not be made.</summary>
public sealed record OffsetResetPlanResult(IReadOnlyList<OffsetResetRow> Rows, string? InvalidField, string? Error)
{
    public static OffsetResetPlanResult Invalid(string field, string error) => new([], field, error);
}
