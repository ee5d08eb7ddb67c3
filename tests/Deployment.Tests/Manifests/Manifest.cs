namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>One YAML document: a Kubernetes object read into its model (<see cref="Model"/>), and the same document as
/// a plain tree of dictionaries, lists and strings (<see cref="Tree"/>) for comparisons that need no model.</summary>
public sealed record Manifest(string Source, string ApiVersion, string Kind, string Name, string? Namespace, object Model, object Tree)
{
    public string ApiVersionKind => $"{ApiVersion}/{Kind}";

    public override string ToString() => $"{Kind} {Name} ({Source})";
}
