using OrdersAspire.Deployment.Tests.Manifests;

namespace OrdersAspire.Deployment.Tests.Secrets;

/// <summary>Every Secret key a rendered overlay reads: containers' env, Secret volumes, KEDA's TriggerAuthentications.
/// And the Secrets Strimzi makes, which the render cannot hold.</summary>
public static class SecretReferences
{
    public static IReadOnlyList<SecretReference> Of(ManifestSet rendered)
    {
        var references = new List<SecretReference>();
        foreach (var deployment in rendered.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            foreach (var container in pod.Containers)
            {
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.ValueFrom?.SecretKeyRef is { } secretRef)
                    {
                        references.Add(new(secretRef.Name, secretRef.Key, $"Deployment {deployment.Metadata.Name} env {variable.Name}"));
                    }
                }
            }
            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.Secret is { } secret)
                {
                    foreach (var item in secret.Items ?? [])
                    {
                        references.Add(new(secret.SecretName, item.Key, $"Deployment {deployment.Metadata.Name} volume {volume.Name}"));
                    }
                }
            }
        }
        foreach (var authentication in rendered.Of<TriggerAuthentication>())
        {
            foreach (var parameter in authentication.Spec.SecretTargetRef)
            {
                references.Add(new(parameter.Name, parameter.Key, $"TriggerAuthentication {authentication.Metadata.Name} {parameter.Parameter}"));
            }
        }
        return references;
    }

    /// <summary>Secrets Strimzi's operators create, by name, with the keys they hold: the cluster CA's certificate, and
    /// one per KafkaUser with SCRAM authentication (its password).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> MadeByStrimzi(ManifestSet rendered)
    {
        var secrets = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var kafka in rendered.Of<KafkaCluster>())
        {
            secrets[kafka.ClusterCaCertSecret] = new HashSet<string>(StringComparer.Ordinal) { "ca.crt", "ca.p12", "ca.password" };
        }

        foreach (var user in rendered.Trees("kafka.strimzi.io/v1beta2/KafkaUser"))
        {
            secrets[user.Name] = new HashSet<string>(StringComparer.Ordinal) { "password", "sasl.jaas.config" };
        }

        return secrets;
    }
}
