using k8s.Models;
using Microsoft.Extensions.Configuration;
using OrdersAspire.Deployment.Tests.Manifests;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Topology;
using OrdersAspire.Deployment.Tests.Workloads;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Deployment.Tests.Kafka;

/// <summary>What each service and KEDA make of their Kafka settings, read the way the services read them
/// (ServiceDefaults' connection-string parser and Aspire:Confluent:Kafka settings), matches the listener of the Strimzi
/// cluster they point at: its address, TLS with the cluster CA, and SCRAM as the KafkaUser.</summary>
public sealed class KafkaConnectionTests
{
    public static TheoryData<string, string> OverlaysAndClients()
    {
        var rows = new TheoryData<string, string>();
        foreach (var overlay in DeployPaths.OverlayNames)
        {
            foreach (var deployment in RenderedOverlays.Get(overlay).Deployments.Where(IsKafkaClient))
            {
                rows.Add(overlay, deployment.Metadata.Name);
            }
        }

        return rows;
    }

    [Fact]
    public void Every_service_of_the_apphost_is_a_kafka_client()
    {
        var projects = AppHostTopology.Read().Projects;
        foreach (var overlay in DeployPaths.OverlayNames)
        {
            Assert.Equal(projects.Order(StringComparer.Ordinal),
                RenderedOverlays.Get(overlay).Deployments.Where(IsKafkaClient).Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(OverlaysAndClients))]
    public void Each_service_connects_to_a_listener_of_the_cluster_with_its_security(string overlay, string deploymentName)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var deployment = rendered.Deployment(deploymentName);
        var environment = ContainerEnvironment.Of(deployment, rendered);
        Assert.Equal(EnvironmentSource.Secret, environment["ConnectionStrings__kafka"].Source);

        var configuration = ContainerEnvironment.ToConfiguration(environment);
        foreach (var section in new[] { KafkaClientSettings.ConsumerSectionName, KafkaClientSettings.ProducerSectionName })
        {
            var properties = ClientProperties(configuration, section);
            var listener = ListenerAt(rendered, properties["bootstrap.servers"].Split(',')[0]);
            var protocol = properties.GetValueOrDefault("security.protocol", "plaintext");

            Assert.Equal(listener.Tls, protocol is "ssl" or "sasl_ssl");
            if (listener.Tls)
            {
                AssertReadsTheClusterCa(rendered, deployment, properties["ssl.ca.location"]);
            }

            if (listener.Authentication?.GetValueOrDefault("type") is { } authentication)
            {
                Assert.Equal("scram-sha-512", authentication);
                Assert.StartsWith("sasl_", protocol, StringComparison.Ordinal);
                Assert.Equal("SCRAM-SHA-512", properties["sasl.mechanism"]);
                var user = ScramUser(rendered, properties["sasl.username"]);
                var password = environment.Values.Single(v => v.Source == EnvironmentSource.Secret && properties["sasl.password"] == $"<secret {v.SecretName}/{v.SecretKey}>");
                Assert.Equal((user, "password"), (password.SecretName, password.SecretKey));
            }
            else
            {
                Assert.DoesNotContain("sasl.mechanism", properties.Keys);
                Assert.False(protocol.StartsWith("sasl_", StringComparison.Ordinal), $"SASL towards listener {listener.Name}, which does not authenticate");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TopologyAgreementTests.OverlaysAndGroups), MemberType = typeof(TopologyAgreementTests))]
    public void Keda_reaches_the_same_listener_as_the_services_with_the_same_identity(string overlay, string groupId)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var scaledObject = rendered.ScaledObjectFor(groupId);
        var trigger = Assert.Single(scaledObject.Spec.Triggers);
        var service = ClientProperties(ContainerEnvironment.ToConfiguration(ContainerEnvironment.Of(rendered.Deployment(groupId), rendered)),
            KafkaClientSettings.ConsumerSectionName);

        // KEDA runs in its own namespace: it names the bootstrap Service with this namespace.
        var (host, port) = HostAndPort(trigger.Metadata["bootstrapServers"].Split(',')[0]);
        var labels = host.Split('.');
        Assert.Equal(rendered.Kafka.BootstrapService, labels[0]);
        Assert.Equal(scaledObject.Metadata.NamespaceProperty, labels.ElementAtOrDefault(1));
        Assert.Equal(HostAndPort(service["bootstrap.servers"].Split(',')[0]), (labels[0], port));
        var listener = ListenerAt(rendered, $"{labels[0]}:{port}");

        if (!listener.Tls && listener.Authentication is null)
        {
            Assert.Null(trigger.AuthenticationRef);
            return;
        }
        var parameters = AuthenticationParameters(rendered, trigger.AuthenticationRef?.Name);
        Assert.Equal(listener.Tls ? "enable" : "disable", parameters.GetValueOrDefault("tls")?.Value ?? "disable");
        if (listener.Tls)
        {
            Assert.Equal((rendered.Kafka.ClusterCaCertSecret, "ca.crt"), (parameters["ca"].Secret, parameters["ca"].Key));
        }

        if (listener.Authentication is not null)
        {
            Assert.Equal("scram_sha512", parameters["sasl"].Value);
            Assert.Equal(service["sasl.username"], parameters["username"].Value);
            Assert.Equal((ScramUser(rendered, service["sasl.username"]), "password"), (parameters["password"].Secret, parameters["password"].Key));
        }
    }

    private static bool IsKafkaClient(V1Deployment deployment) => deployment.Metadata.Labels.Find("ordersaspire/kafka-client") == "true";

    /// <summary>The librdkafka properties a client of this section gets, as KafkaClientFactory builds them: the
    /// Aspire:Confluent:Kafka settings, then the connection string over them.</summary>
    private static Dictionary<string, string> ClientProperties(IConfiguration configuration, string section)
    {
        var properties = new Dictionary<string, string>(KafkaClientSettings.Load(configuration, section).Config, StringComparer.Ordinal);
        foreach (var (name, value) in KafkaConnectionString.Properties(configuration.GetConnectionString("kafka")!))
        {
            properties[name] = value;
        }

        return properties;
    }

    private static KafkaCluster.Listener ListenerAt(ManifestSet rendered, string server)
    {
        var (host, port) = HostAndPort(server);
        Assert.Equal(rendered.Kafka.BootstrapService, host);
        return Assert.Single(rendered.Kafka.Spec.Kafka.Listeners, l => l.Port == port && l.Type == "internal");
    }

    private static (string Host, int Port) HostAndPort(string server)
    {
        var colon = server.LastIndexOf(':');
        return (server[..colon], int.Parse(server[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string ScramUser(ManifestSet rendered, string name)
    {
        var user = Assert.Single(rendered.Trees("kafka.strimzi.io/v1beta2/KafkaUser"), u => u.Name == name);
        var spec = (Dictionary<object, object>)((Dictionary<object, object>)user.Tree)["spec"];
        Assert.Equal("scram-sha-512", ((Dictionary<object, object>)spec["authentication"])["type"]);
        return user.Name;
    }

    private static void AssertReadsTheClusterCa(ManifestSet rendered, V1Deployment deployment, string caLocation)
    {
        var pod = deployment.Spec.Template.Spec;
        var mount = Assert.Single(pod.Containers.Single().VolumeMounts, m => caLocation.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
        var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);
        Assert.Equal(rendered.Kafka.ClusterCaCertSecret, volume.Secret?.SecretName);
        var file = caLocation[(mount.MountPath.TrimEnd('/').Length + 1)..];
        Assert.Contains(volume.Secret!.Items, item => item.Key == "ca.crt" && item.Path == file);
    }

    private sealed record Parameter(string Secret, string Key, string? Value);

    private static Dictionary<string, Parameter> AuthenticationParameters(ManifestSet rendered, string? name)
    {
        Assert.NotNull(name);
        var authentication = Assert.Single(rendered.Of<TriggerAuthentication>(), a => a.Metadata.Name == name);
        return authentication.Spec.SecretTargetRef.ToDictionary(p => p.Parameter, p => new Parameter(p.Name, p.Key,
            rendered.Secret(p.Name) is { } secret ? ManifestSet.Values(secret).GetValueOrDefault(p.Key) : null), StringComparer.Ordinal);
    }
}
