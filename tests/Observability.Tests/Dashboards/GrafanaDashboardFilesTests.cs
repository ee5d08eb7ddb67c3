using OrdersAspire.Observability.Tests.Support;

namespace OrdersAspire.Observability.Tests.Dashboards;

/// <summary>The provisioning files and dashboards are consistent: one fixed data source uid, the panels the issue
/// asks for, PromQL in every panel. (Whether the PromQL evaluates is checked against a running Prometheus by
/// <see cref="DashboardQueriesTests"/>.)</summary>
public sealed class GrafanaDashboardFilesTests
{
    public const string DatasourceUid = "prometheus";

    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = [.. DashboardPaths.DashboardFiles.Select(GrafanaDashboard.Load)];

    public static TheoryData<string, string[]> RequiredPanels => new()
    {
        {
            "Consumer groups",
            [
                "Lag per partition", "Lag in seconds per partition", "Incoming vs processed rate", "Members", "Assigned partitions per member",
                "Assignment imbalance", "Rebalances timeline", "Rebalance pause", "Heartbeat failures", "Commit success", "Dead-lettered (DLT)",
            ]
        },
        { "Load generator", ["Produced vs acknowledged rate", "Delivery failures by error", "Achieved rate"] },
        { "Services", ["CPU", "Working set", "GC collections", "Thread pool", "HTTP requests", "HTTP latency p95"] },
    };

    [Theory]
    [MemberData(nameof(RequiredPanels))]
    public void Dashboard_has_the_required_panels(string title, string[] panels)
    {
        var dashboard = Assert.Single(Dashboards, d => d.Title == title);

        Assert.Empty(panels.Except(dashboard.Panels.Select(p => p.Title)));
    }

    [Fact]
    public void Every_panel_and_variable_queries_the_provisioned_datasource_with_promql()
    {
        Assert.NotEmpty(Dashboards);
        foreach (var dashboard in Dashboards)
        {
            foreach (var panel in dashboard.Panels)
            {
                Assert.True(panel.DatasourceUid == DatasourceUid, $"{dashboard.Title} / {panel.Title}: data source uid {panel.DatasourceUid}");
                Assert.True(panel.Targets.Count > 0, $"{dashboard.Title} / {panel.Title} has no query");
                Assert.All(panel.Targets, t =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(t.Expr), $"{dashboard.Title} / {panel.Title} / {t.RefId}: empty expr");
                    Assert.Equal(DatasourceUid, t.DatasourceUid);
                });
            }
            Assert.All(dashboard.Variables, v => Assert.Equal(DatasourceUid, v.DatasourceUid));
        }
    }

    [Fact]
    public void Dashboards_have_unique_uids_and_panel_ids()
    {
        Assert.Equal(Dashboards.Count, Dashboards.Select(d => d.Uid).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Dashboards, d => Assert.Equal(d.Panels.Count, d.Panels.Select(p => p.Id).Distinct().Count()));
    }

    [Fact]
    public void Consumer_groups_dashboard_has_a_group_variable_used_by_its_group_panels()
    {
        var dashboard = Assert.Single(Dashboards, d => d.Title == "Consumer groups");
        var group = Assert.Single(dashboard.Variables, v => v.Name == "group");

        Assert.StartsWith("label_values(", group.Query, StringComparison.Ordinal);
        Assert.Contains(dashboard.Queries, q => q.Expr.Contains("$group", StringComparison.Ordinal));
        Assert.All(dashboard.Panels.Where(p => p.Title is "Lag per partition" or "Members" or "Rebalances timeline"),
            p => Assert.All(p.Targets, t => Assert.Contains("$group", t.Expr, StringComparison.Ordinal)));
    }

    [Fact]
    public void Provisioning_points_grafana_at_the_dashboards_and_the_fixed_datasource()
    {
        var datasource = File.ReadAllText(Path.Combine(DashboardPaths.GrafanaProvisioning, "datasources", "prometheus.yml"));
        var dashboards = File.ReadAllText(Path.Combine(DashboardPaths.GrafanaProvisioning, "dashboards", "dashboards.yml"));

        Assert.Contains($"uid: {DatasourceUid}", datasource, StringComparison.Ordinal);
        Assert.Contains("type: prometheus", datasource, StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards", dashboards, StringComparison.Ordinal);
    }
}
