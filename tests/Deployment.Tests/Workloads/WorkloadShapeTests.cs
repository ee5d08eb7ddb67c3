using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Topology;

namespace OrdersAspire.Deployment.Tests.Workloads;

/// <summary>Every service runs as Kubernetes needs it: probes on the ServiceDefaults endpoints, bounded resources, a
/// stop long enough for a graceful leave, a Service, and a disruption budget per consumer group.</summary>
public sealed partial class WorkloadShapeTests
{
    private static readonly AppHostTopology Topology = AppHostTopology.Read();

    public static TheoryData<string, string> OverlaysAndProjects()
    {
        var rows = new TheoryData<string, string>();
        foreach (var overlay in DeployPaths.OverlayNames)
        {
            foreach (var project in Topology.Projects)
            {
                rows.Add(overlay, project);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(OverlaysAndProjects))]
    public void Liveness_is_alive_and_readiness_is_health(string overlay, string project)
    {
        var container = RenderedOverlays.Get(overlay).Deployment(project).Spec.Template.Spec.Containers.Single();

        Assert.Equal("/alive", container.LivenessProbe?.HttpGet?.Path);
        Assert.Equal("/alive", container.StartupProbe?.HttpGet?.Path);
        // The analyzer's /health is its groups' health (503 while one lags): it must stay reachable then, so it is
        // ready when alive, as the AppHost checks it.
        Assert.Equal(project == "analyzer" ? "/alive" : "/health", container.ReadinessProbe?.HttpGet?.Path);
        foreach (var probe in new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe })
        {
            Assert.Equal("http", probe!.HttpGet.Port.Value);
        }
    }

    [Theory]
    [MemberData(nameof(OverlaysAndProjects))]
    public void Requests_and_limits_are_set_and_limits_are_not_below_requests(string overlay, string project)
    {
        var resources = RenderedOverlays.Get(overlay).Deployment(project).Spec.Template.Spec.Containers.Single().Resources;

        foreach (var name in new[] { "cpu", "memory" })
        {
            Assert.True(resources?.Requests?.ContainsKey(name) == true, $"{project}: no {name} request");
            Assert.True(resources?.Limits?.ContainsKey(name) == true, $"{project}: no {name} limit");
            Assert.True(resources!.Limits[name].ToDecimal() >= resources.Requests![name].ToDecimal(), $"{project}: {name} limit below its request");
        }
    }

    [Theory]
    [MemberData(nameof(OverlaysAndProjects))]
    public void A_stop_outlasts_the_drain_and_the_host_shutdown(string overlay, string project)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var deployment = rendered.Deployment(project);
        var environment = ContainerEnvironment.Of(deployment, rendered);
        var shutdown = int.Parse(environment["shutdownTimeoutSeconds"].Value!, CultureInfo.InvariantCulture);
        var grace = deployment.Spec.Template.Spec.TerminationGracePeriodSeconds;

        // Stopping a consumer drains its partitions' batches (up to DrainTimeout), commits and leaves the group; the
        // host must allow that, and Kubernetes must not kill the pod before the host is done.
        Assert.True(shutdown > DrainTimeoutSeconds(), $"{project}: shutdownTimeoutSeconds {shutdown} ≤ the consumers' drain timeout {DrainTimeoutSeconds()} s");
        Assert.True(grace > shutdown, $"{project}: terminationGracePeriodSeconds {grace} ≤ shutdownTimeoutSeconds {shutdown}");
        Assert.True(grace >= 60, $"{project}: terminationGracePeriodSeconds {grace} < 60");
    }

    [Theory]
    [MemberData(nameof(OverlaysAndProjects))]
    public void Each_service_has_a_service_on_its_http_port(string overlay, string project)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var deployment = rendered.Deployment(project);
        var service = rendered.Service(project);

        Assert.True(Selects(service.Spec.Selector, deployment.Spec.Template.Metadata.Labels), $"Service {project} does not select its Deployment's pods");
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal("http", port.Name);
        Assert.Equal("http", port.TargetPort.Value);
        Assert.Contains(deployment.Spec.Template.Spec.Containers.Single().Ports, p => p.Name == "http");
    }

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void Each_group_has_a_disruption_budget_that_takes_one_member_at_a_time(string overlay, string groupId)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var pods = rendered.Deployment(groupId).Spec.Template.Metadata.Labels;

        var budget = Assert.Single(rendered.Of<V1PodDisruptionBudget>(), b => Selects(b.Spec.Selector.MatchLabels, pods));
        Assert.Equal("1", budget.Spec.MaxUnavailable?.Value);
    }

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void Each_group_member_is_named_after_its_pod(string overlay, string groupId)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var container = rendered.Deployment(groupId).Spec.Template.Spec.Containers.Single();

        Assert.Equal("metadata.name", container.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("$(POD_NAME)", container.Env.Single(e => e.Name == "REPLICA_ID").Value);
    }

    /// <summary>Whether a selector (equality labels) matches a set of labels.</summary>
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(s => labels.Find(s.Key) == s.Value);

    private static int DrainTimeoutSeconds()
    {
        var consumer = File.ReadAllText(DeployPaths.SourceFile("GroupConsumer.cs"));
        var match = DrainTimeout().Match(consumer);
        return match.Success
            ? int.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture)
            : throw new FormatException("GroupConsumer.cs: no 'DrainTimeout = TimeSpan.FromSeconds(N)'");
    }

    [GeneratedRegex(@"DrainTimeout\s*=\s*TimeSpan\.FromSeconds\((?<seconds>\d+)\)")]
    private static partial Regex DrainTimeout();
}
