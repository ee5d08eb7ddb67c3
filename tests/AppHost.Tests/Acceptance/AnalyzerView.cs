using System.Net.Http.Json;
using System.Text.Json;

namespace OrdersAspire.AppHost.Tests.Acceptance;

/// <summary>What the analyzer's public API says about a group, read as plain JSON (the tests do not share the
/// analyzer's types, so a renamed field breaks them as it would break any client).</summary>
public sealed class AnalyzerView(HttpClient analyzer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<Member>> MembersAsync(string group, CancellationToken cancellationToken)
    {
        var response = await analyzer.GetFromJsonAsync<MembersResponse>($"/api/groups/{group}/members?verbose=true", Json, cancellationToken);
        return response?.Members?.Select(m => new Member(m.ConsumerId, m.Replica, m.Assignment ?? [])).ToList() ?? [];
    }

    public async Task<IReadOnlyList<PartitionRow>> DescribeAsync(string group, CancellationToken cancellationToken)
    {
        var response = await analyzer.GetFromJsonAsync<DescribeResponse>($"/api/groups/{group}", Json, cancellationToken);
        return response?.Partitions ?? [];
    }

    public async Task<Balance> BalanceAsync(string group, CancellationToken cancellationToken) =>
        (await analyzer.GetFromJsonAsync<Balance>($"/api/groups/{group}/balance", Json, cancellationToken))!;

    public async Task<IReadOnlyList<int>> HotPartitionsAsync(string group, CancellationToken cancellationToken)
    {
        var response = await analyzer.GetFromJsonAsync<HotPartitionsResponse>($"/api/groups/{group}/hot-partitions", Json, cancellationToken);
        return response?.HotPartitions.Select(h => h.Partition).ToList() ?? [];
    }

    public async Task<long> TotalLagAsync(string group, CancellationToken cancellationToken) =>
        (await analyzer.GetFromJsonAsync<State>($"/api/groups/{group}/state", Json, cancellationToken))!.TotalLag;

    /// <summary>Waits until the group has <paramref name="members"/> reporting members, each owning partitions, that own
    /// all <paramref name="partitions"/> partitions exactly once between them; returns that assignment. (A member that
    /// joined but owns nothing yet is a rebalance still under way, not a settled group.)</summary>
    public async Task<IReadOnlyList<Member>> WaitForSettledGroupAsync(string group, int members, int partitions, CancellationToken cancellationToken)
    {
        IReadOnlyList<Member> current = [];
        await Eventually.PassesAsync(async () =>
        {
            current = await MembersAsync(group, cancellationToken);
            Assert.Equal(members, current.Count);
            Assert.All(current, m => Assert.True(m.Partitions.Count > 0, $"{m.Replica} owns no partition yet"));
            var owned = current.SelectMany(m => m.Partitions).ToList();
            Assert.Equal(Enumerable.Range(0, partitions), owned.Order());
        }, SettleTimeout, $"{group} settled with {members} members owning all {partitions} partitions", TimeSpan.FromMilliseconds(500), cancellationToken);
        return current;
    }

    /// <summary>How long a group may take to settle: a classic rebalance on the embedded broker waits session − 1 s per
    /// round, and replicas join one after another.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    public sealed record Member(string ConsumerId, string Replica, IReadOnlyList<int> Partitions);
    public sealed record PartitionRow(int Partition, long? CurrentOffset, long LogEndOffset, long Lag, string? ConsumerId, string? Replica);
    public sealed record Balance(string Group, int PartitionSpread, double ImbalancePercent);
    private sealed record MembersResponse(IReadOnlyList<MemberRow>? Members);
    private sealed record MemberRow(string ConsumerId, string Replica, IReadOnlyList<int>? Assignment);
    private sealed record DescribeResponse(IReadOnlyList<PartitionRow> Partitions);
    private sealed record HotPartitionsResponse(IReadOnlyList<HotPartition> HotPartitions);
    private sealed record HotPartition(int Partition);
    private sealed record State(long TotalLag);
}
