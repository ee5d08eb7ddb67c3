using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Manifests;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Workloads;
using YamlDotNet.Serialization;

namespace OrdersAspire.Deployment.Tests.Observability;

/// <summary>The PrometheusRule is dashboards/prometheus/rules/consumer-groups.yml, rule for rule, and Prometheus
/// scrapes the targets those rules name.</summary>
public sealed partial class PrometheusRuleTests
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    [Fact]
    public void The_generated_prometheus_rule_holds_the_rules_file_as_it_is()
    {
        var generated = Path.Combine(DeployPaths.Kubernetes, "base", "observability", "prometheus-rule.yaml");

        var spec = (Dictionary<object, object>)Yaml.Deserialize<Dictionary<object, object>>(File.ReadAllText(generated))["spec"];
        Assert.True(YamlTrees.Equal(RulesFile(), spec),
            $"{generated} differs from {DeployPaths.PrometheusRules}: run deploy/kubernetes/base/observability/generate-prometheus-rule.sh");
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_deployed_rule_equals_the_one_in_the_rules_file(string overlay)
    {
        var expected = Groups(RulesFile());
        var rule = Assert.Single(RenderedOverlays.Get(overlay).Trees("monitoring.coreos.com/v1/PrometheusRule"));
        var actual = Groups((Dictionary<object, object>)((Dictionary<object, object>)rule.Tree)["spec"]);

        Assert.Equal(expected.Select(g => g.Name), actual.Select(g => g.Name));
        foreach (var (group, rules) in expected)
        {
            var deployed = actual.Single(g => g.Name == group).Rules;
            Assert.Equal(rules.Select(RuleName), deployed.Select(RuleName));
            foreach (var (want, have) in rules.Zip(deployed))
            {
                Assert.True(YamlTrees.Equal(WithPlainExpression(want), WithPlainExpression(have)),
                    $"rule {RuleName(want)} differs from {DeployPaths.PrometheusRules}: run deploy/kubernetes/base/observability/generate-prometheus-rule.sh");
            }
        }
        Assert.Contains(expected.SelectMany(g => g.Rules), r => r.ContainsKey("alert"));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void The_service_monitor_scrapes_every_service_the_rules_name_on_metrics(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var monitor = Assert.Single(rendered.Of<ServiceMonitor>());
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("http", endpoint.Port);
        Assert.Equal("/metrics", endpoint.Path);

        // The alerts match up{service=~"a|b"}: a ServiceMonitor's targets carry the Service's name as "service".
        var named = ServiceMatchers().Matches(File.ReadAllText(DeployPaths.PrometheusRules))
            .SelectMany(m => m.Groups["names"].Value.Split('|')).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(named);
        foreach (var service in named.Concat(AppHostTopologyProjects()))
        {
            Assert.True(LabelSelectors.Matches(monitor.Spec.Selector, rendered.Service(service).Metadata.Labels),
                $"the ServiceMonitor does not select Service {service}");
        }
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_service_sends_its_telemetry_to_the_collector_under_its_own_name(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var collector = rendered.Service("otel-collector");
        Assert.True(WorkloadShapeTests.Selects(collector.Spec.Selector, rendered.Deployment("otel-collector").Spec.Template.Metadata.Labels));

        foreach (var project in AppHostTopologyProjects())
        {
            var environment = ContainerEnvironment.Of(rendered.Deployment(project), rendered);
            var endpoint = new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"].Value!);
            Assert.Equal("otel-collector", endpoint.Host);
            Assert.Contains(collector.Spec.Ports, p => p.Port == endpoint.Port && p.Name == "otlp-" + environment["OTEL_EXPORTER_OTLP_PROTOCOL"].Value);
            Assert.Equal(project, environment["OTEL_SERVICE_NAME"].Value);
        }
    }

    private static Dictionary<object, object> RulesFile() =>
        Yaml.Deserialize<Dictionary<object, object>>(File.ReadAllText(DeployPaths.PrometheusRules));

    /// <summary>The rule with its PromQL's whitespace runs made single spaces: PromQL ignores whitespace between tokens,
    /// and kustomize's YAML writer re-flows folded (&gt;-) scalars, adding a blank line inside some expressions.</summary>
    private static Dictionary<object, object> WithPlainExpression(Dictionary<object, object> rule) =>
        rule.ToDictionary(entry => entry.Key, entry => entry.Key is "expr" && entry.Value is string expr
            ? WhitespaceRun().Replace(expr.Trim(), " ")
            : entry.Value);

    private static IEnumerable<string> AppHostTopologyProjects() => Topology.AppHostTopology.Read().Projects;

    private static List<(string Name, List<Dictionary<object, object>> Rules)> Groups(Dictionary<object, object> spec) =>
        [.. ((List<object>)spec["groups"]).Cast<Dictionary<object, object>>()
            .Select(g => ((string)g["name"], ((List<object>)g["rules"]).Cast<Dictionary<object, object>>().ToList()))];

    private static string RuleName(Dictionary<object, object> rule) =>
        (rule.GetValueOrDefault("alert") ?? rule.GetValueOrDefault("record")) as string ?? "?";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"service=~""(?<names>[^""]+)""")]
    private static partial Regex ServiceMatchers();
}
