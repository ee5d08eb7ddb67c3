using k8s.Models;

namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>KEDA's <c>keda.sh/v1alpha1</c> ScaledObject.</summary>
public sealed class ScaledObject : CustomResource<ScaledObject.ScaledObjectSpec>
{
    public const string ApiVersionKind = "keda.sh/v1alpha1/ScaledObject";

    public sealed class ScaledObjectSpec
    {
        public NameReference ScaleTargetRef { get; set; } = new();

        public int? PollingInterval { get; set; }

        public int? CooldownPeriod { get; set; }

        public int? MinReplicaCount { get; set; }

        public int? MaxReplicaCount { get; set; }

        public AdvancedSettings? Advanced { get; set; }

        public List<Trigger> Triggers { get; set; } = [];
    }

    public sealed class AdvancedSettings
    {
        public HorizontalPodAutoscalerSettings? HorizontalPodAutoscalerConfig { get; set; }
    }

    public sealed class HorizontalPodAutoscalerSettings
    {
        public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
    }

    public sealed class Trigger
    {
        public string Type { get; set; } = "";

        public Dictionary<string, string> Metadata { get; set; } = [];

        public NameReference? AuthenticationRef { get; set; }
    }

    public sealed class NameReference
    {
        public string Name { get; set; } = "";
    }
}
