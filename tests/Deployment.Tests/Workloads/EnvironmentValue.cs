namespace OrdersAspire.Deployment.Tests.Workloads;

/// <summary>One environment variable of a container as Kubernetes would set it. <see cref="Value"/> is null for a
/// Secret that the render does not contain (made by an operator, or created beside the deployment).</summary>
public sealed record EnvironmentValue(string? Value, EnvironmentSource Source, string? SecretName = null, string? SecretKey = null);

public enum EnvironmentSource
{
    Literal,
    ConfigMap,
    Secret,
    Field,
}
