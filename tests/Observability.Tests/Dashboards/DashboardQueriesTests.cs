using OrdersAspire.Observability.Tests.Prometheus;
using OrdersAspire.Observability.Tests.Support;

namespace OrdersAspire.Observability.Tests.Dashboards;

/// <summary>A real Prometheus, run by the AppHost with dashboards/prometheus, scrapes the running system under load:
/// every replica is a target, every rule loads and evaluates, every Grafana query evaluates without error, the core
/// panels show both consumer groups and the panels over steady metrics return data.</summary>
[Slow]
public sealed class DashboardQueriesTests(ObservedSystem system) : IClassFixture<ObservedSystem>
{
    /// <summary>Panels that must show both consumer groups.</summary>
    public static readonly string[] CorePanels = ["Lag per partition", "Incoming vs processed rate", "Members", "Rebalances timeline"];

    /// <summary>Metrics that exist only once something happened (a dead letter, a failure, a revoke, an alert):
    /// queries over them must evaluate, but may return nothing on a healthy system.</summary>
    public static readonly string[] EventMetrics =
    [
        "ordersaspire_consumer_dead_lettered_total", "ordersaspire_consumer_duplicates_total", "ordersaspire_consumer_transient_failures_total",
        "ordersaspire_consumer_rebalance_pause_seconds", "kafka_consumer_heartbeat_failures_total", "ordersaspire_loadgen_delivery_failures_total",
        "kafka_client_errors_total", "http_client_request_duration_seconds", "dotnet_exceptions_total", "ALERTS", "http_response_status_code=~\"5..\"",
    ];

    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = [.. DashboardPaths.DashboardFiles.Select(GrafanaDashboard.Load)];

    private static IEnumerable<(GrafanaQuery Query, string Expr)> PanelQueries =>
        Dashboards.SelectMany(d => d.Queries.Select(q => (q, GrafanaVariables.Substitute(q.Expr, [.. d.Variables.Select(v => v.Name)]))));

    [SkippableFact]
    public async Task Prometheus_scrapes_every_replica_of_every_service()
    {
        system.RequirePrometheus();

        var missing = await system.UntilSatisfiedAsync(async ct =>
        {
            var targets = await system.Prometheus.TargetsAsync(ct);
            return
            [
                .. ObservedSystem.Replicas
                    .Where(s => targets.Count(t => t.Service == s.Key && t.Health == "up") != s.Value)
                    .Select(s => $"{s.Key}: {s.Value} replicas expected up, targets: " +
                        string.Join(", ", targets.Where(t => t.Service == s.Key).Select(t => $"{t.Labels["instance"]} {t.Health} {t.LastError}"))),
            ];
        });

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [SkippableFact]
    public async Task Every_rule_is_loaded_and_evaluates_without_error()
    {
        system.RequirePrometheus();
        var expected = PrometheusRulesFiles.AlertNames(DashboardPaths.RuleFiles).Concat(PrometheusRulesFiles.RecordNames(DashboardPaths.RuleFiles)).ToList();

        var problems = await system.UntilSatisfiedAsync(async ct =>
        {
            var rules = await system.Prometheus.RulesAsync(ct);
            var notLoaded = expected.Except(rules.Select(r => r.Name)).Select(name => $"{name}: not loaded");
            var unhealthy = rules.Where(r => r.Health != "ok").Select(r => $"{r.Name}: health {r.Health} {r.LastError}");
            return [.. notLoaded, .. unhealthy];
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var loaded = await system.Prometheus.RulesAsync(cts.Token);
        Assert.Equal(expected.Count, loaded.Count);
        var failures = new List<string>();
        foreach (var rule in loaded)
        {
            var result = await system.Prometheus.QueryAsync(rule.Query, cts.Token);
            if (result.Failed)
            {
                failures.Add($"{rule.Name}: {result.Error}\n  {rule.Query}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task Every_dashboard_query_evaluates_without_error()
    {
        system.RequirePrometheus();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failures = new List<string>();
        var count = 0;

        foreach (var (query, expr) in PanelQueries)
        {
            count++;
            var result = await system.Prometheus.QueryAsync(expr, cts.Token);
            if (result.Failed)
            {
                failures.Add($"{query}\n  {result.Error}");
            }
        }
        foreach (var variable in Dashboards.SelectMany(d => d.Variables))
        {
            count++;
            var result = await system.Prometheus.QueryAsync(GrafanaVariables.LabelValuesQuery(variable.Query).Expr, cts.Token);
            if (result.Failed)
            {
                failures.Add($"variable {variable.Name}: {variable.Query}\n  {result.Error}");
            }
        }

        Assert.True(count > 50, $"only {count} queries found in {DashboardPaths.GrafanaDashboards}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task Core_panels_return_data_for_both_groups()
    {
        system.RequirePrometheus();
        var core = PanelQueries.Where(q => q.Query.Dashboard.Title == "Consumer groups" && CorePanels.Contains(q.Query.Panel.Title)).ToList();
        Assert.Equal(CorePanels.Length, core.Select(q => q.Query.Panel.Title).Distinct().Count());

        var missing = await system.UntilSatisfiedAsync(async ct =>
        {
            var problems = new List<string>();
            foreach (var (query, expr) in core)
            {
                var result = await system.Prometheus.QueryAsync(expr, ct);
                if (result.Failed)
                {
                    problems.Add($"{query}: {result.Error}");
                }
                else if (result.Series.Count == 0)
                {
                    problems.Add($"{query}: no data");
                }
                // A series per group wherever the query is per group (the incoming rate is per topic).
                else if (query.Expr.Contains("$group", StringComparison.Ordinal))
                {
                    var groups = result.LabelValues("consumergroup", "messaging_consumer_group_name").ToHashSet();
                    problems.AddRange(ObservedSystem.Groups.Except(groups).Select(g => $"{query}: no data for group {g}"));
                }
            }
            return problems;
        });

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [SkippableFact]
    public async Task Panels_over_steady_metrics_return_data()
    {
        system.RequirePrometheus();
        var steady = PanelQueries.Where(q => !EventMetrics.Any(m => q.Expr.Contains(m, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(steady);

        var empty = await system.UntilSatisfiedAsync(async ct =>
        {
            var problems = new List<string>();
            foreach (var (query, expr) in steady)
            {
                var result = await system.Prometheus.QueryAsync(expr, ct);
                if (result.Failed || result.Series.Count == 0)
                {
                    problems.Add($"{query} → {result.Error ?? "no data"}");
                }
            }
            return problems;
        });

        Assert.True(empty.Count == 0, string.Join("\n", empty));
    }

    [SkippableFact]
    public async Task Variables_list_both_groups_and_every_service()
    {
        system.RequirePrometheus();
        var expected = new Dictionary<string, string[]> { ["group"] = ObservedSystem.Groups, ["service"] = ObservedSystem.Services };

        var missing = await system.UntilSatisfiedAsync(async ct =>
        {
            var problems = new List<string>();
            foreach (var variable in Dashboards.SelectMany(d => d.Variables))
            {
                var (expr, label) = GrafanaVariables.LabelValuesQuery(variable.Query);
                var result = await system.Prometheus.QueryAsync(expr, ct);
                var values = result.LabelValues(label).ToHashSet();
                var wanted = expected.TryGetValue(variable.Name, out var w) ? w : [];
                if (result.Failed || values.Count == 0)
                {
                    problems.Add($"variable {variable.Name}: {result.Error ?? "no values"}");
                }

                problems.AddRange(wanted.Except(values).Select(v => $"variable {variable.Name}: {v} missing"));
            }
            return problems;
        });

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}
