using OrdersAspire.AppHost.Scaling;

namespace OrdersAspire.AppHost.Tests.Scaling;

/// <summary>The AppHost acts on the analyzer's decision only when it is fresh, settled and one step.</summary>
public sealed class AutoscalerStepTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AutoscalerStep.Decision Decision(int? current, int? desired, double ageSeconds = 1) =>
        new(Now.AddSeconds(-ageSeconds), "x", current, desired, desired ?? 0, "because");

    public static TheoryData<string, AutoscalerStep.Decision, int, int?, string> Cases => new()
    {
        { "one up when settled", Decision(2, 3), 2, 3, "because" },
        { "one down when settled", Decision(3, 2), 3, 2, "because" },
        { "hold", Decision(3, 3), 3, null, "hold at 3" },
        { "the last step has not settled: a replica started but not yet a member", Decision(2, 3), 3, null, "waiting for the last step to settle" },
        { "the last step has not settled: a replica stopped but still a member", Decision(3, 2), 2, null, "waiting for the last step to settle" },
        { "stale decision", Decision(2, 3, ageSeconds: 30), 2, null, "the analyzer's latest decision is 30 s old" },
        { "members unknown", Decision(null, null), 2, null, "the analyzer does not know" },
        { "never more than one step", Decision(2, 4), 2, null, "refusing a step of 2 replicas" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Acts_only_on_a_fresh_settled_single_step(string name, AutoscalerStep.Decision decision, int running, int? scaleTo, string why)
    {
        var step = AutoscalerStep.Next(decision, running, Now);
        Assert.True(scaleTo == step.ScaleTo && step.Why.StartsWith(why, StringComparison.Ordinal), $"{name}: {step}");
    }
}
