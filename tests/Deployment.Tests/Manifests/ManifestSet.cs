using System.Text;
using k8s.Models;

namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>The objects of one rendered overlay (or one file), with lookups by kind and name.</summary>
public sealed class ManifestSet(IReadOnlyList<Manifest> manifests, string description)
{
    public IReadOnlyList<Manifest> All { get; } = manifests;

    public string Description { get; } = description;

    public IEnumerable<T> Of<T>() => All.Select(m => m.Model).OfType<T>();

    public IEnumerable<Manifest> Trees(string apiVersionKind) => All.Where(m => m.ApiVersionKind == apiVersionKind);

    public IEnumerable<V1Deployment> Deployments => Of<V1Deployment>();

    public IEnumerable<V1Service> Services => Of<V1Service>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Of<V1ConfigMap>();

    public IEnumerable<V1Secret> Secrets => Of<V1Secret>();

    public IEnumerable<ScaledObject> ScaledObjects => Of<ScaledObject>();

    public IEnumerable<KafkaTopic> KafkaTopics => Of<KafkaTopic>();

    public V1Deployment Deployment(string name) => Single(Deployments, d => d.Metadata.Name, name, "Deployment");

    public V1Service Service(string name) => Single(Services, s => s.Metadata.Name, name, "Service");

    public ScaledObject ScaledObjectFor(string deployment) =>
        Single(ScaledObjects, s => s.Spec.ScaleTargetRef.Name, deployment, "ScaledObject scaling");

    public KafkaTopic Topic(string topicName) => Single(KafkaTopics, t => t.TopicName, topicName, "KafkaTopic of topic");

    public KafkaCluster Kafka => Of<KafkaCluster>().SingleOrDefault() ?? throw new InvalidOperationException($"{Description}: no single Kafka cluster");

    public V1ConfigMap? ConfigMap(string name) => ConfigMaps.SingleOrDefault(c => c.Metadata.Name == name);

    public V1Secret? Secret(string name) => Secrets.SingleOrDefault(s => s.Metadata.Name == name);

    /// <summary>A Secret's values as text (data decoded, stringData as written).</summary>
    public static IReadOnlyDictionary<string, string> Values(V1Secret secret)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, bytes) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            values[key] = Encoding.UTF8.GetString(bytes);
        }

        foreach (var (key, text) in secret.StringData ?? new Dictionary<string, string>())
        {
            values[key] = text;
        }

        return values;
    }

    private T Single<T>(IEnumerable<T> items, Func<T, string?> key, string name, string what) =>
        items.Where(item => key(item) == name).ToList() switch
        {
            [var one] => one,
            var found => throw new InvalidOperationException($"{Description}: expected one {what} '{name}', found {found.Count}"),
        };
}
