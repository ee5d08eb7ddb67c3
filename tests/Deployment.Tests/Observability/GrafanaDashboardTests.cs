using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Observability;

/// <summary>Each Grafana dashboard of dashboards/ is deployed as it is, in a ConfigMap Grafana's sidecar loads.</summary>
public sealed class GrafanaDashboardTests
{
    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_dashboard_file_is_a_labelled_configmap_with_the_same_content(string overlay)
    {
        var configMaps = RenderedOverlays.Get(overlay).ConfigMaps.Where(c => c.Metadata.Labels.Find("grafana_dashboard") == "1").ToList();

        Assert.NotEmpty(DeployPaths.GrafanaDashboards);
        foreach (var file in DeployPaths.GrafanaDashboards)
        {
            var name = Path.GetFileName(file);
            var holder = Assert.Single(configMaps, c => c.Data.Find(name) is not null);
            Assert.Equal(File.ReadAllText(file), holder.Data[name]);
        }
        Assert.Equal(DeployPaths.GrafanaDashboards.Count, configMaps.Sum(c => c.Data.Count));
    }
}
