using System.Text.RegularExpressions;

namespace OrdersAspire.Observability.Tests.Dashboards;

/// <summary>Turns a Grafana query into the PromQL Grafana would send: template variables at "All" (regex <c>.*</c>)
/// and the built-in interval variables at fixed values; <c>label_values(metric, label)</c> variable queries into
/// <c>count by (label) (metric)</c>.</summary>
public static partial class GrafanaVariables
{
    public static readonly IReadOnlyDictionary<string, string> BuiltIns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "30s",
        ["__interval"] = "15s",
        ["__range"] = "5m",
    };

    public static string Substitute(string expr, IReadOnlyCollection<string> dashboardVariables)
    {
        var result = Variable().Replace(expr, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["name"].Value;
            if (BuiltIns.TryGetValue(name, out var value))
            {
                return value;
            }

            if (dashboardVariables.Contains(name))
            {
                return ".*";
            }

            throw new InvalidOperationException($"Unknown Grafana variable ${name} in: {expr}");
        });
        return result;
    }

    /// <summary>The PromQL equivalent of a <c>label_values(metric, label)</c> variable query.</summary>
    public static (string Expr, string Label) LabelValuesQuery(string query)
    {
        var match = LabelValues().Match(query);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Not a label_values(metric, label) query: {query}");
        }

        return ($"count by ({match.Groups["label"].Value}) ({match.Groups["metric"].Value})", match.Groups["label"].Value);
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_]\w*)\}|\$(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\s*label_values\(\s*(?<metric>.+)\s*,\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
