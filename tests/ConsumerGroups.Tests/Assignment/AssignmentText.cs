using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

/// <summary>Assignments written as <c>"a:0,1 b:2,3 c:"</c> (one topic) and moves as <c>"2:c>a 5:c>b"</c>, so the
/// tables read like the broker notes.</summary>
internal static class AssignmentText
{
    public static string[] Members(string csv) => csv.Length == 0 ? [] : csv.Split(',');

    public static string Render(AssignmentPlan plan) =>
        string.Join(" ", plan.Members.Select(m => $"{m}:{string.Join(",", plan.PartitionsOf(m))}"));

    public static string RenderMoves(AssignmentPlan plan) =>
        string.Join(" ", plan.Moved.Select(m => $"{m.Partition.Partition}:{m.From ?? "-"}>{m.To ?? "-"}"));

    public static IReadOnlyDictionary<string, IReadOnlyList<int>> Parse(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            entry => entry[..entry.IndexOf(':')],
            entry => (IReadOnlyList<int>)entry[(entry.IndexOf(':') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList());
}
