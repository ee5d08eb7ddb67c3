using System.Diagnostics.Metrics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using OrdersAspire.AppHost.Kafka;
using OrdersAspire.AppHost.Observability;
using OrdersAspire.ServiceDefaults.Kafka;
using KafkaHealthCheck = OrdersAspire.AppHost.Kafka.KafkaHealthCheck;

namespace OrdersAspire.AppHost.Tests.Kafka;

/// <summary>The AppHost's resource model, built from its Program.cs without starting anything: what each service is
/// given for Kafka, what the AppHost's own health check connects with, and how the containers are networked.</summary>
public sealed class KafkaModelTests
{
    private static readonly string[] Services = RunningSystem.Services;

    private const string KeyedConnectionString =
        "BootstrapServers=127.0.0.1:1;SecurityProtocol=SaslPlaintext;SaslMechanism=ScramSha512;SaslUsername=svc;SaslPassword='se;cret';" +
        "socket.keepalive.enable=true;client.id=orders-test";

    [Fact]
    public async Task ExternalModeGivesEveryServiceAndTheHealthCheckTheSameClientConfiguration()
    {
        await using var model = await ModelAsync(
            "--Kafka:Mode=external", $"--ConnectionStrings:kafka={KeyedConnectionString}",
            "--Aspire:Confluent:Kafka:Consumer:Config:fetch.min.bytes=2",
            "--Aspire:Confluent:Kafka:Producer:Config:linger.ms=7",
            "--Aspire:Confluent:Kafka:Config:reconnect.backoff.ms=250");

        // What the AppHost itself connects with: its health check's factory, once it has run.
        var check = model.App.Services.GetRequiredKeyedService<KafkaHealthCheck>("kafka_check");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await check.CheckHealthAsync(new HealthCheckContext(), timeout.Token);
        Assert.Equal(HealthStatus.Unhealthy, result.Status); // nothing listens on 127.0.0.1:1
        Assert.DoesNotContain("se;cret", result.Description, StringComparison.Ordinal);
        var appHost = check.Factory!;

        foreach (var name in Services)
        {
            var environment = await model.KafkaEnvironmentAsync(name);
            Assert.Equal(KeyedConnectionString, environment["ConnectionStrings__kafka"]);
            Assert.Equal("2", environment["Aspire__Confluent__Kafka__Consumer__Config__fetch.min.bytes"]);
            Assert.Equal("7", environment["Aspire__Confluent__Kafka__Producer__Config__linger.ms"]);
            Assert.Equal("250", environment["Aspire__Confluent__Kafka__Config__reconnect.backoff.ms"]);
            Assert.DoesNotContain("Aspire__Confluent__Kafka__Consumer__Config__fetch.wait.max.ms", environment.Keys); // embedded only

            // The service reads that environment as configuration and builds its clients through the same factory.
            var service = ServiceFactory(environment);
            Assert.Equal(Sorted(appHost.CreateAdminConfig()), Sorted(service.CreateAdminConfig()));
            Assert.Equal(Sorted(appHost.CreateProducerConfig()), Sorted(service.CreateProducerConfig()));
            Assert.Equal(Sorted(appHost.CreateConsumerConfig()), Sorted(service.CreateConsumerConfig()));
        }

        var admin = appHost.CreateAdminConfig();
        Assert.Equal("127.0.0.1:1", admin.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslPlaintext, admin.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, admin.SaslMechanism);
        Assert.Equal("se;cret", admin.SaslPassword);
        Assert.Equal("true", admin.Get("socket.keepalive.enable"));
        Assert.Equal("orders-test", admin.Get("client.id"));
        Assert.Equal("250", appHost.CreateProducerConfig().Get("reconnect.backoff.ms"));
        Assert.Equal("7", appHost.CreateProducerConfig().Get("linger.ms"));
        Assert.Equal("2", appHost.CreateConsumerConfig().Get("fetch.min.bytes"));
    }

    [Fact]
    public async Task ExternalModeRefusesAMalformedConnectionStringAtStartNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var model = await ModelAsync("--Kafka:Mode=external", "--ConnectionStrings:kafka=broker-1;broker-2");
        });
        var format = Assert.IsType<FormatException>(error is AggregateException a ? a.InnerException : error.GetBaseException());
        Assert.Contains("ConnectionStrings:kafka: 'broker-1;broker-2' is not a bootstrap server", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedModeKeepsTheMockClustersConsumerDefaultUnderTheAppHostsOwnSettings()
    {
        await using var model = await ModelAsync("--Aspire:Confluent:Kafka:Producer:Config:linger.ms=3");
        foreach (var name in Services)
        {
            var environment = await model.KafkaEnvironmentAsync(name);
            Assert.Equal("100", environment["Aspire__Confluent__Kafka__Consumer__Config__fetch.wait.max.ms"]);
            Assert.Equal("3", environment["Aspire__Confluent__Kafka__Producer__Config__linger.ms"]);
        }

        await using var overridden = await ModelAsync("--Aspire:Confluent:Kafka:Consumer:Config:fetch.wait.max.ms=10");
        Assert.Equal("10", (await overridden.KafkaEnvironmentAsync(ResourceNames.Analytics))["Aspire__Confluent__Kafka__Consumer__Config__fetch.wait.max.ms"]);
    }

    [Fact]
    public async Task PrometheusAndGrafanaContainersMapTheHostGatewayAndGrafanaReadsPrometheusByName()
    {
        await using var model = await ModelAsync("--Observability:Prometheus=container", "--Observability:Grafana=container");

        var prometheus = Assert.IsType<ContainerResource>(model.Resource(ResourceNames.Prometheus), exactMatch: false);
        var grafana = Assert.IsType<ContainerResource>(model.Resource(ResourceNames.Grafana), exactMatch: false);
        Assert.Contains(PrometheusResourceExtensions.HostGatewayArgument, await RuntimeArgsAsync(prometheus));
        Assert.Contains(PrometheusResourceExtensions.HostGatewayArgument, await RuntimeArgsAsync(grafana));
        Assert.StartsWith("http://prometheus:", await model.EnvironmentExpressionAsync(grafana, "PROMETHEUS_URL"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExecutablePrometheusListensOnEveryInterfaceForAGrafanaContainerThroughTheHostGateway()
    {
        await using var model = await ModelAsync("--Observability:Prometheus=executable", "--Observability:PrometheusPath=/usr/bin/env",
            "--Observability:Grafana=container");

        var prometheus = Assert.IsType<ExecutableResource>(model.Resource(ResourceNames.Prometheus), exactMatch: false);
        var args = await model.ArgumentExpressionsAsync(prometheus);
        Assert.Contains(args, a => a.StartsWith("--web.listen-address=0.0.0.0:{prometheus.bindings.http.targetPort}", StringComparison.Ordinal));
        Assert.Equal("http://host.docker.internal:{prometheus.bindings.http.targetPort}",
            await model.EnvironmentExpressionAsync(model.Resource(ResourceNames.Grafana), "PROMETHEUS_URL"));

        await using var alone = await ModelAsync("--Observability:Prometheus=executable", "--Observability:PrometheusPath=/usr/bin/env",
            "--Observability:Grafana=off");
        Assert.Contains(await alone.ArgumentExpressionsAsync(alone.Resource(ResourceNames.Prometheus)),
            a => a.StartsWith("--web.listen-address=127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(alone.Model.Resources, r => r.Name == ResourceNames.Grafana);
    }

    private static KafkaClientFactory ServiceFactory(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new KafkaClientFactory(ResourceNames.Kafka, configuration, NullLoggerFactory.Instance, new KafkaClientMetrics(services.GetRequiredService<IMeterFactory>()));
    }

    private static SortedDictionary<string, string> Sorted(ClientConfig config) => new(config.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private static async Task<List<string>> RuntimeArgsAsync(IResource resource)
    {
        var args = new List<object>();
        var context = new ContainerRuntimeArgsCallbackContext(args);
        foreach (var annotation in resource.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return [.. args.Select(a => a.ToString() ?? "")];
    }

    private static async Task<AppModel> ModelAsync(params string[] args)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("orders-apphost-model-").FullName;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args, $"--Topology:DataDirectory={dataDirectory}"]);
            return new AppModel(await builder.BuildAsync(), dataDirectory);
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>A built, never started AppHost.</summary>
    private sealed class AppModel(DistributedApplication app, string dataDirectory) : IAsyncDisposable
    {
        public DistributedApplication App => app;

        public DistributedApplicationModel Model => app.Services.GetRequiredService<DistributedApplicationModel>();

        public IResource Resource(string name) => Model.Resources.Single(r => r.Name == name);

        /// <summary>A service's Kafka environment as its process would get it: the connection string and the forwarded
        /// settings, resolved (the rest needs allocated endpoints, which a model that never started has not).</summary>
        public async Task<Dictionary<string, string>> KafkaEnvironmentAsync(string name)
        {
            var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in await RawEnvironmentAsync(Resource(name)))
            {
                if (key != "ConnectionStrings__kafka" && !key.StartsWith("Aspire__Confluent__Kafka__", StringComparison.Ordinal))
                {
                    continue;
                }

                resolved[key] = value switch
                {
                    string text => text,
                    IValueProvider provider => await provider.GetValueAsync() ?? "",
                    _ => throw new InvalidOperationException($"{name}: {key} is a {value.GetType()}"),
                };
            }
            return resolved;
        }

        public async Task<string> EnvironmentExpressionAsync(IResource resource, string key) =>
            (await RawEnvironmentAsync(resource))[key] switch
            {
                string text => text,
                IManifestExpressionProvider expression => expression.ValueExpression,
                var other => other.ToString() ?? "",
            };

        public async Task<List<string>> ArgumentExpressionsAsync(IResource resource)
        {
            var args = new List<object>();
            var context = new CommandLineArgsCallbackContext(args, resource) { ExecutionContext = ExecutionContext };
            foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            {
                await annotation.Callback(context);
            }

            return [.. args.Select(a => a switch { string text => text, IManifestExpressionProvider e => e.ValueExpression, _ => a.ToString() ?? "" })];
        }

        private DistributedApplicationExecutionContext ExecutionContext => app.Services.GetRequiredService<DistributedApplicationExecutionContext>();

        private async Task<Dictionary<string, object>> RawEnvironmentAsync(IResource resource)
        {
            var environment = new Dictionary<string, object>(StringComparer.Ordinal);
            var context = new EnvironmentCallbackContext(ExecutionContext, resource, environment);
            foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                try { await annotation.Callback(context); }
                catch (InvalidOperationException) { } // callbacks that need a running application (OTLP, endpoints)
            }
            return environment;
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
