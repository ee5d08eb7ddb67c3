using System.Reflection;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>Reads multi-document YAML into <see cref="Manifest"/>s: built-in kinds into the KubernetesClient models,
/// strictly (an unknown field, such as a misspelt probe, fails); the custom resources of this deployment into their
/// small models; Kustomizations and custom resources compared as a whole (PrometheusRule, KafkaUser) as trees only.
/// Any other kind fails: every object in deploy/ is one the tests know.</summary>
public static partial class ManifestParser
{
    private static readonly IReadOnlyDictionary<string, Type> BuiltInKinds = typeof(V1Deployment).Assembly.GetTypes()
        .Select(type => (type, entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(t => t.entity is { Kind.Length: > 0 } && !t.type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(t => ApiVersionKind(t.entity!))
        .ToDictionary(g => g.Key, g => g.First().type, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, Type> CustomResourceKinds = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [ScaledObject.ApiVersionKind] = typeof(ScaledObject),
        [TriggerAuthentication.ApiVersionKind] = typeof(TriggerAuthentication),
        [KafkaCluster.ApiVersionKind] = typeof(KafkaCluster),
        [KafkaNodePool.ApiVersionKind] = typeof(KafkaNodePool),
        [KafkaTopic.ApiVersionKind] = typeof(KafkaTopic),
        [ServiceMonitor.ApiVersionKind] = typeof(ServiceMonitor),
    };

    /// <summary>Kinds read as trees only.</summary>
    public static readonly IReadOnlySet<string> TreeKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "kustomize.config.k8s.io/v1beta1/Kustomization",
        "monitoring.coreos.com/v1/PrometheusRule",
        "kafka.strimzi.io/v1beta2/KafkaUser",
    };

    private static readonly IDeserializer TreeReader = new DeserializerBuilder().Build();

    public static IReadOnlyList<Manifest> Parse(string yaml, string source)
    {
        var manifests = new List<Manifest>();
        foreach (var document in DocumentSeparator().Split(yaml))
        {
            if (TreeReader.Deserialize<object?>(document) is not Dictionary<object, object> tree)
            {
                continue; // an empty document (comments only)
            }

            var apiVersion = tree.TryGetValue("apiVersion", out var a) ? a as string : null;
            var kind = tree.TryGetValue("kind", out var k) ? k as string : null;
            if (apiVersion is null || kind is null)
            {
                throw new FormatException($"{source}: a document without apiVersion and kind");
            }

            var key = $"{apiVersion}/{kind}";
            var metadata = tree.TryGetValue("metadata", out var m) ? m as Dictionary<object, object> : null;
            var name = metadata?.GetValueOrDefault("name") as string ?? "";
            var ns = metadata?.GetValueOrDefault("namespace") as string;

            object model = BuiltInKinds.TryGetValue(key, out var builtIn) ? Read(document, key, builtIn, strict: true, source)
                : CustomResourceKinds.TryGetValue(key, out var custom) ? Read(document, key, custom, strict: false, source)
                : TreeKinds.Contains(key) ? tree
                : throw new FormatException($"{source}: {key} '{name}' is not a kind these tests know");
            manifests.Add(new Manifest(source, apiVersion, kind, name, ns, model, tree));
        }
        return manifests;
    }

    private static object Read(string document, string key, Type type, bool strict, string source)
    {
        try
        {
            var objects = KubernetesYaml.LoadAllFromString(document, new Dictionary<string, Type> { [key] = type }, strict);
            return objects.Single();
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException($"{source}: {key} does not read as {type.Name}: {ex.Message}", ex);
        }
    }

    private static string ApiVersionKind(KubernetesEntityAttribute entity) =>
        $"{(string.IsNullOrEmpty(entity.Group) ? "" : entity.Group + "/")}{entity.ApiVersion}/{entity.Kind}";

    [GeneratedRegex(@"^---[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
