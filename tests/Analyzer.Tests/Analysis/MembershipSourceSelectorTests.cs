using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;

namespace OrdersAspire.Analyzer.Tests.Analysis;

/// <summary>The membership source is chosen per group and per sample: the broker while it describes the group, the
/// reports otherwise, and the broker again once it answers.</summary>
public class MembershipSourceSelectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Runs samples one second apart: each step is (group, does the broker answer?) and expects
    /// (was the broker asked, source used).</summary>
    public static TheoryData<string, string, (string Group, bool Answers)[], (bool Asked, string Source)[]> Cases => new()
    {
        {
            "auto: the broker while it answers", MembershipSources.Auto,
            [("a", true), ("a", true)],
            [(true, "admin"), (true, "admin")]
        },
        {
            "auto: a failure falls back to the reports for that sample, and the next sample asks again", MembershipSources.Auto,
            [("a", false), ("a", true), ("a", true)],
            [(true, "reports"), (true, "admin"), (true, "admin")]
        },
        {
            "auto: a failure on one group leaves the other alone", MembershipSources.Auto,
            [("a", true), ("b", true), ("a", false), ("b", true), ("b", true)],
            [(true, "admin"), (true, "admin"), (true, "reports"), (true, "admin"), (true, "admin")]
        },
        {
            "auto: repeated failures back off (1, 2, 4 samples) and the broker is recovered when it answers", MembershipSources.Auto,
            [("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", true), ("a", true)],
            //  t0 fails (retry t1), t1 fails (retry t3), t2 not asked, t3 fails (retry t7), t4..t6 not asked, t7 answers
            [(true, "reports"), (true, "reports"), (false, "reports"), (true, "reports"), (false, "reports"), (false, "reports"), (false, "reports"), (true, "admin"), (true, "admin")]
        },
        {
            "reports: never asks the broker", MembershipSources.Reports,
            [("a", true), ("b", true)],
            [(false, "reports"), (false, "reports")]
        },
        {
            "admin: asks every sample, the reports only when it fails", MembershipSources.Admin,
            [("a", false), ("a", false), ("a", true)],
            [(true, "reports"), (true, "reports"), (true, "admin")]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chooses_per_group_and_sample(string name, string mode, (string Group, bool Answers)[] steps, (bool Asked, string Source)[] expected)
    {
        var selector = new MembershipSourceSelector(mode, Interval);
        var actual = new List<(bool, string)>();
        for (var i = 0; i < steps.Length; i++)
        {
            var now = T0.AddSeconds(i);
            var (group, answers) = steps[i];
            var asked = selector.ShouldAskBroker(group, now);
            actual.Add((asked, selector.Record(group, asked ? answers : null, now)));
        }
        Assert.True(expected.SequenceEqual(actual), $"{name}: [{string.Join(", ", actual)}]");
    }

    [Fact]
    public void The_back_off_is_capped()
    {
        var selector = new MembershipSourceSelector(MembershipSources.Auto, Interval);
        var now = T0;
        for (var i = 0; i < 30; i++)
        {
            selector.Record("a", false, now);
            now += MembershipSourceSelector.MaxBackoff;
            Assert.True(selector.ShouldAskBroker("a", now), $"failure {i + 1}: not asked again after the maximum back-off");
        }
    }
}
