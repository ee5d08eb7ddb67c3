using OrdersAspire.Observability.Tests.Support;

namespace OrdersAspire.Observability.Tests.Prometheus;

/// <summary>The Prometheus configuration, rules and rule unit tests under dashboards/prometheus, checked by promtool.</summary>
public sealed class PromtoolTests
{
    /// <summary>The alerts the lesson asks for.</summary>
    public static readonly string[] RequiredAlerts =
    [
        "ConsumerGroupLagHigh", "ConsumerGroupProcessingRateLow", "ConsumerGroupRebalancesFrequent", "ConsumerGroupImbalanceHigh",
        "ConsumerHeartbeatFailures", "ConsumerCommitSuccessLow", "ConsumerGroupUnhealthy", "HotPartition", "ConsumerDown",
        "ConsumerGroupMembersMissing",
    ];

    [SkippableFact]
    public async Task Config_passes_promtool_check_config()
    {
        var promtool = PrometheusTools.Require("promtool");
        // The AppHost's layout: the config beside rules/ and targets/ (check config needs the targets to exist).
        var run = Directory.CreateTempSubdirectory("ordersaspire-promtool-");
        try
        {
            File.Copy(DashboardPaths.PrometheusConfig, Path.Combine(run.FullName, "prometheus.yml"));
            Directory.CreateDirectory(Path.Combine(run.FullName, "rules"));
            foreach (var file in DashboardPaths.RuleFiles)
            {
                File.Copy(file, Path.Combine(run.FullName, "rules", Path.GetFileName(file)));
            }

            Directory.CreateDirectory(Path.Combine(run.FullName, "targets"));
            await File.WriteAllTextAsync(Path.Combine(run.FullName, "targets", "services.json"),
                """[{"targets":["127.0.0.1:5001"],"labels":{"service":"order-processors","replica":"order-processors-a"}}]""");

            var result = await PrometheusTools.RunAsync(promtool, run.FullName, "check", "config", "prometheus.yml");

            Assert.True(result.ExitCode == 0, result.Output);
            var rules = PrometheusRulesFiles.AlertNames(DashboardPaths.RuleFiles).Count + PrometheusRulesFiles.RecordNames(DashboardPaths.RuleFiles).Count;
            Assert.True(result.Output.Contains($"SUCCESS: {rules} rules found", StringComparison.Ordinal),
                $"check config did not load the {rules} rules of rules/*.yml:\n{result.Output}");
        }
        finally
        {
            run.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Rules_pass_promtool_check_rules()
    {
        var promtool = PrometheusTools.Require("promtool");
        Assert.NotEmpty(DashboardPaths.RuleFiles);

        var result = await PrometheusTools.RunAsync(promtool, DashboardPaths.Prometheus, ["check", "rules", .. DashboardPaths.RuleFiles]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [SkippableFact]
    public async Task Rule_unit_tests_pass_promtool_test_rules()
    {
        var promtool = PrometheusTools.Require("promtool");
        Assert.NotEmpty(DashboardPaths.RuleTestFiles);

        var result = await PrometheusTools.RunAsync(promtool, DashboardPaths.Prometheus, ["test", "rules", .. DashboardPaths.RuleTestFiles]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("FAILED", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_required_alert_is_defined()
    {
        var alerts = PrometheusRulesFiles.AlertNames(DashboardPaths.RuleFiles);

        Assert.Empty(RequiredAlerts.Except(alerts));
        Assert.Equal(alerts.Count, alerts.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_one_where_it_stays_silent()
    {
        var alerts = PrometheusRulesFiles.AlertNames(DashboardPaths.RuleFiles);
        var (firing, tested) = PrometheusRulesFiles.TestedAlerts(DashboardPaths.RuleTestFiles);

        Assert.Empty(alerts.Except(tested));
        Assert.Empty(alerts.Except(firing));
        // Silent cases: every test also has inputs below the threshold (other groups, topics or targets) that
        // must not appear in exp_alerts; promtool fails on any unexpected alert.
        Assert.Empty(tested.Except(alerts));
    }
}
