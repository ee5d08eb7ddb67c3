using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Observability;

/// <summary>Prometheus and Grafana for the AppHost, provisioned from <c>dashboards/</c>. Prometheus runs as the
/// Debian <c>prometheus</c> executable when it is on PATH, as a container where Docker exists, and is skipped
/// (with a log line saying so) otherwise (<c>Observability:Prometheus</c> = auto, executable, container or off).
/// Grafana runs only as a container, so only where Docker exists (<c>Observability:Grafana</c> = auto, container or off).
/// Containers reach the host's processes through <c>host.docker.internal</c>, which Docker Desktop provides and a
/// plain Linux engine only with a host-gateway mapping, so both containers get one.</summary>
public static partial class PrometheusResourceExtensions
{
    private const string PrometheusImage = "prom/prometheus";
    private const string PrometheusTag = "v2.53.0";
    private const string GrafanaImage = "grafana/grafana";
    private const string GrafanaTag = "11.1.0";

    /// <summary>Maps host.docker.internal to the host on a Linux Docker engine too (Docker Desktop has it built in).</summary>
    public const string HostGatewayArgument = "--add-host=host.docker.internal:host-gateway";
    public const string HostGatewayName = "host.docker.internal";

    public static IResourceBuilder<IResourceWithEndpoints>? AddPrometheus(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IReadOnlyCollection<string> scrapedServices)
    {
        var mode = (builder.Configuration["Observability:Prometheus"] ?? "auto").Trim().ToLowerInvariant();
        var executable = mode is "auto" or "executable" ? builder.Configuration["Observability:PrometheusPath"] ?? FindOnPath("prometheus") : null;
        // Asked for explicitly, the container is used as asked; "auto" needs an engine to be there.
        var docker = mode == "container" || (mode == "auto" && DockerIsUsable());
        if (mode == "container")
        {
            executable = null;
        }

        if (mode == "off" || (executable is null && !docker))
        {
            builder.LogAtStart($"Prometheus skipped: {(mode == "off" ? "Observability:Prometheus = off" : "no 'prometheus' on PATH (apt-get install prometheus) and no Docker engine")}");
            return null;
        }

        var runDirectory = PrepareRunDirectory(builder);
        var targetsFile = Path.Combine(runDirectory, "targets", "services.json");
        // From a container the services are reached through the host gateway.
        var scrapeHost = executable is null ? HostGatewayName : null;
        builder.Services.AddHostedService(sp => new PrometheusTargetsWriter(
            sp.GetRequiredService<ResourceNotificationService>(), targetsFile, scrapedServices.ToHashSet(), scrapeHost,
            sp.GetRequiredService<ILogger<PrometheusTargetsWriter>>()));

        if (executable is not null)
        {
            var prometheus = builder.AddExecutable(name, executable, runDirectory)
                .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("Observability:PrometheusPort") ?? 9090, name: "http");
            var endpoint = prometheus.GetEndpoint("http");
            // Loopback only, unless a Grafana container must reach it (through the host gateway, on its own port:
            // the endpoint's proxy listens on loopback); Observability:PrometheusListenAddress decides otherwise.
            var listenAddress = builder.Configuration["Observability:PrometheusListenAddress"]
                ?? (GrafanaRuns(builder) ? "0.0.0.0" : "127.0.0.1");
            return prometheus
                .WithArgs(context =>
                {
                    context.Args.Add("--config.file=prometheus.yml");
                    context.Args.Add("--storage.tsdb.path=data");
                    context.Args.Add("--web.enable-lifecycle");
                    context.Args.Add(ReferenceExpression.Create($"--web.listen-address={listenAddress}:{endpoint.Property(EndpointProperty.TargetPort)}"));
                })
                .WithHttpHealthCheck("/-/ready")
                .WithIconName("ChartMultiple");
        }

        return builder.AddContainer(name, PrometheusImage, PrometheusTag)
            .WithContainerRuntimeArgs(HostGatewayArgument)
            .WithBindMount(runDirectory, "/etc/prometheus")
            .WithArgs("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--web.enable-lifecycle")
            .WithHttpEndpoint(targetPort: 9090, name: "http")
            .WithHttpHealthCheck("/-/ready");
    }

    /// <summary>Grafana with the provisioning under dashboards/grafana, anonymous read access; containers only.</summary>
    public static void AddGrafana(this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<IResourceWithEndpoints>? prometheus)
    {
        if (prometheus is null || !GrafanaRuns(builder))
        {
            builder.LogAtStart(prometheus is null
                ? "Grafana skipped: there is no Prometheus for it to read"
                : "Grafana skipped: it runs only as a container and no Docker engine is usable here (or Observability:Grafana = off); its dashboards are checked through Prometheus by the tests");
            return;
        }
        // A Prometheus container is reached on the containers' network by its name; the executable through the host gateway.
        var prometheusUrl = prometheus.Resource is ContainerResource
            ? ReferenceExpression.Create($"http://{prometheus.Resource.Name}:{prometheus.GetEndpoint("http").Property(EndpointProperty.TargetPort)}")
            : ReferenceExpression.Create($"http://{HostGatewayName}:{prometheus.GetEndpoint("http").Property(EndpointProperty.TargetPort)}");
        var grafana = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "dashboards", "grafana"));
        builder.AddContainer(name, GrafanaImage, GrafanaTag)
            .WithContainerRuntimeArgs(HostGatewayArgument)
            .WithBindMount(Path.Combine(grafana, "provisioning"), "/etc/grafana/provisioning", isReadOnly: true)
            .WithBindMount(Path.Combine(grafana, "dashboards"), "/var/lib/grafana/dashboards", isReadOnly: true)
            .WithEnvironment("GF_AUTH_ANONYMOUS_ENABLED", "true")
            .WithEnvironment("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")
            .WithEnvironment("PROMETHEUS_URL", prometheusUrl)
            .WithHttpEndpoint(targetPort: 3000, name: "http")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Grafana dashboards")
            .WaitFor(prometheus);
    }

    private static string PrepareRunDirectory(IDistributedApplicationBuilder builder)
    {
        var source = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "dashboards", "prometheus"));
        var run = Path.Combine(Path.GetTempPath(), "orders-aspire-prometheus", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(run, "targets"));
        Directory.CreateDirectory(Path.Combine(run, "rules"));
        File.Copy(Path.Combine(source, "prometheus.yml"), Path.Combine(run, "prometheus.yml"));
        var rules = Path.Combine(source, "rules");
        if (Directory.Exists(rules))
        {
            foreach (var file in Directory.EnumerateFiles(rules, "*.yml"))
            {
                File.Copy(file, Path.Combine(run, "rules", Path.GetFileName(file)));
            }
        }
        return run;
    }

    private static bool GrafanaRuns(IDistributedApplicationBuilder builder) =>
        (builder.Configuration["Observability:Grafana"] ?? "auto").Trim().ToLowerInvariant() switch
        {
            "off" => false,
            "container" => true,
            _ => DockerIsUsable(),
        };

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>A Docker client alone is not enough (it is installed on machines without an engine).</summary>
    private static bool DockerIsUsable() =>
        File.Exists("/var/run/docker.sock") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    private static void LogAtStart(this IDistributedApplicationBuilder builder, string message) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            LogObservability(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrdersAspire.AppHost"), message);
            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogObservability(ILogger logger, string message);
}
