namespace OrdersAspire.Observability.Tests.Support;

/// <summary>Files of the repository the tests read: the Prometheus configuration, rules and their unit tests,
/// and the Grafana dashboards.</summary>
public static class DashboardPaths
{
    public static string Root => RepositoryPaths.Root;

    public static string Prometheus => Path.Combine(Root, "dashboards", "prometheus");

    public static string PrometheusConfig => Path.Combine(Prometheus, "prometheus.yml");

    public static string RulesDirectory => Path.Combine(Prometheus, "rules");

    public static string RuleTestsDirectory => Path.Combine(Prometheus, "tests");

    public static string GrafanaDashboards => Path.Combine(Root, "dashboards", "grafana", "dashboards");

    public static string GrafanaProvisioning => Path.Combine(Root, "dashboards", "grafana", "provisioning");

    public static IReadOnlyList<string> RuleFiles => Files(RulesDirectory, "*.yml");

    public static IReadOnlyList<string> RuleTestFiles => Files(RuleTestsDirectory, "*.yml");

    public static IReadOnlyList<string> DashboardFiles => Files(GrafanaDashboards, "*.json");

    private static string[] Files(string directory, string pattern) =>
        [.. Directory.EnumerateFiles(directory, pattern).Order(StringComparer.Ordinal)];
}
