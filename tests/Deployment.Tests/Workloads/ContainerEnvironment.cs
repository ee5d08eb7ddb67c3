using System.Text.RegularExpressions;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using OrdersAspire.Deployment.Tests.Manifests;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Workloads;

/// <summary>The environment of a Deployment's container as Kubernetes builds it: envFrom first, then env in order,
/// with <c>$(VAR)</c> references expanded; values from the rendered ConfigMaps and Secrets.</summary>
public static partial class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, EnvironmentValue> Of(V1Deployment deployment, ManifestSet rendered)
    {
        var container = deployment.Spec.Template.Spec.Containers.Single();
        var environment = new Dictionary<string, EnvironmentValue>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = rendered.ConfigMap(configMapRef.Name)
                    ?? throw new InvalidOperationException($"{deployment.Metadata.Name}: envFrom ConfigMap {configMapRef.Name} is not rendered");
                foreach (var (name, value) in configMap.Data ?? new Dictionary<string, string>())
                {
                    environment[name] = new EnvironmentValue(value, EnvironmentSource.ConfigMap);
                }
            }
            else
            {
                throw new InvalidOperationException($"{deployment.Metadata.Name}: only ConfigMaps are expected in envFrom (secrets by name, in env)");
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable switch
            {
                { ValueFrom.SecretKeyRef: { } secretRef } => new EnvironmentValue(
                    rendered.Secret(secretRef.Name) is { } secret && ManifestSet.Values(secret).TryGetValue(secretRef.Key, out var value) ? value : null,
                    EnvironmentSource.Secret, secretRef.Name, secretRef.Key),
                { ValueFrom.ConfigMapKeyRef: { } configMapRef } => new EnvironmentValue(
                    rendered.ConfigMap(configMapRef.Name)?.Data.Find(configMapRef.Key), EnvironmentSource.ConfigMap),
                { ValueFrom.FieldRef: { } field } => new EnvironmentValue($"<{field.FieldPath}>", EnvironmentSource.Field),
                _ => new EnvironmentValue(Expand(variable.Value ?? "", environment), EnvironmentSource.Literal),
            };
        }
        return environment;
    }

    /// <summary>The configuration a .NET service reads from this environment (<c>__</c> becomes <c>:</c>); a Secret
    /// the render does not hold reads as <c>&lt;secret NAME/KEY&gt;</c>.</summary>
    public static IConfiguration ToConfiguration(IReadOnlyDictionary<string, EnvironmentValue> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create<string, string?>(
                e.Key.Replace("__", ":", StringComparison.Ordinal),
                e.Value.Value ?? $"<secret {e.Value.SecretName}/{e.Value.SecretKey}>")))
            .Build();

    private static string Expand(string value, Dictionary<string, EnvironmentValue> defined) =>
        Reference().Replace(value, m => defined.TryGetValue(m.Groups["name"].Value, out var v) && v.Value is not null ? v.Value : m.Value);

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();
}
