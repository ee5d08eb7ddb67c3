using k8s.Models;

namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>A custom resource (KEDA, Strimzi, Prometheus Operator) with the fields the tests read; fields it does not
/// model are ignored when it is read, unlike the built-in kinds, which are read strictly.</summary>
public abstract class CustomResource<TSpec> where TSpec : new()
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public TSpec Spec { get; set; } = new();
}
