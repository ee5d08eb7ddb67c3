using k8s.Models;

namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>The Prometheus Operator's <c>monitoring.coreos.com/v1</c> ServiceMonitor.</summary>
public sealed class ServiceMonitor : CustomResource<ServiceMonitor.ServiceMonitorSpec>
{
    public const string ApiVersionKind = "monitoring.coreos.com/v1/ServiceMonitor";

    public sealed class ServiceMonitorSpec
    {
        public V1LabelSelector Selector { get; set; } = new();

        public List<Endpoint> Endpoints { get; set; } = [];
    }

    public sealed class Endpoint
    {
        public string? Port { get; set; }

        public string? Path { get; set; }

        public string? Interval { get; set; }
    }
}
