using System.Globalization;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Topology;
using OrdersAspire.Deployment.Tests.Workloads;

namespace OrdersAspire.Deployment.Tests.Autoscaling;

/// <summary>KEDA scales each group with the thresholds the local autoscaler reads from
/// Topology:{group}:Autoscale in AppHost/appsettings.json: one source for both.</summary>
public sealed class ScaledObjectThresholdTests
{
    private static readonly AppHostTopology Topology = AppHostTopology.Read();

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void The_thresholds_are_the_local_autoscaler_s(string overlay, string groupId)
    {
        var autoscale = Topology.ConsumerGroups.Single(g => g.GroupId == groupId).Autoscale;
        var scaledObject = RenderedOverlays.Get(overlay).ScaledObjectFor(groupId);
        var trigger = Assert.Single(scaledObject.Spec.Triggers);

        Assert.Equal(autoscale.Min, scaledObject.Spec.MinReplicaCount);
        Assert.Equal(autoscale.Max, scaledObject.Spec.MaxReplicaCount);
        Assert.Equal(autoscale.LagThreshold.ToString(CultureInfo.InvariantCulture), trigger.Metadata["lagThreshold"]);
        Assert.Equal(autoscale.ActivationLagThreshold.ToString(CultureInfo.InvariantCulture), trigger.Metadata["activationLagThreshold"]);
        Assert.Equal(autoscale.CooldownSeconds, scaledObject.Spec.CooldownPeriod);
    }

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void Scaling_is_gradual_one_pod_per_cooldown_each_way(string overlay, string groupId)
    {
        var cooldown = Topology.ConsumerGroups.Single(g => g.GroupId == groupId).Autoscale.CooldownSeconds;
        var behavior = RenderedOverlays.Get(overlay).ScaledObjectFor(groupId).Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;

        Assert.NotNull(behavior);
        Assert.Equal(cooldown, behavior.ScaleDown.StabilizationWindowSeconds);
        foreach (var rules in new[] { behavior.ScaleUp, behavior.ScaleDown })
        {
            var policy = Assert.Single(rules.Policies);
            Assert.Equal("Pods", policy.Type);
            Assert.Equal(1, policy.Value);
            Assert.Equal(cooldown, policy.PeriodSeconds);
        }
    }

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void The_analyzer_decides_and_advises_with_the_same_thresholds(string overlay, string groupId)
    {
        var autoscale = Topology.ConsumerGroups.Single(g => g.GroupId == groupId).Autoscale;
        var rendered = RenderedOverlays.Get(overlay);
        var environment = ContainerEnvironment.Of(rendered.Deployment("analyzer"), rendered);
        string Setting(string name) => environment[$"Analyzer__Autoscale__{groupId}__{name}"].Value!;

        Assert.Equal(autoscale.Min, int.Parse(Setting("Min"), CultureInfo.InvariantCulture));
        Assert.Equal(autoscale.Max, int.Parse(Setting("Max"), CultureInfo.InvariantCulture));
        Assert.Equal(autoscale.LagThreshold, int.Parse(Setting("LagThreshold"), CultureInfo.InvariantCulture));
        Assert.Equal(autoscale.ActivationLagThreshold, int.Parse(Setting("ActivationLagThreshold"), CultureInfo.InvariantCulture));
        Assert.Equal(autoscale.CooldownSeconds, int.Parse(Setting("CooldownSeconds"), CultureInfo.InvariantCulture));
        // KEDA scales here; the AppHost's own autoscaler does not run on Kubernetes.
        Assert.Equal("false", Setting("Enabled"));
    }
}
