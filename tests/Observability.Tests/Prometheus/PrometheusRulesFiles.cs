using System.Text.RegularExpressions;

namespace OrdersAspire.Observability.Tests.Prometheus;

/// <summary>What the rule files and their unit tests declare, read as text (names only; promtool parses the rest).</summary>
public static partial class PrometheusRulesFiles
{
    public static IReadOnlyList<string> AlertNames(IEnumerable<string> ruleFiles) =>
        [.. ruleFiles.SelectMany(file => AlertLine().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))];

    public static IReadOnlyList<string> RecordNames(IEnumerable<string> ruleFiles) =>
        [.. ruleFiles.SelectMany(file => RecordLine().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))];

    /// <summary>Alert names an <c>alert_rule_test</c> checks with at least one expected alert, and those it checks
    /// with none expected (<c>exp_alerts: []</c>) or only with other groups' alerts.</summary>
    public static (IReadOnlySet<string> Firing, IReadOnlySet<string> Tested) TestedAlerts(IEnumerable<string> testFiles)
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in testFiles)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var name = AlertNameLine().Match(lines[i]);
                if (!name.Success)
                {
                    continue;
                }

                tested.Add(name.Groups[1].Value);
                var next = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
                if (next == "exp_alerts:")
                {
                    firing.Add(name.Groups[1].Value);
                }
            }
        }
        return (firing, tested);
    }

    [GeneratedRegex(@"^\s*-\s*alert:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s*-\s*record:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RecordLine();

    [GeneratedRegex(@"^\s*alertname:\s*(\S+)\s*$")]
    private static partial Regex AlertNameLine();
}
