namespace OrdersAspire.Deployment.Tests.Support;

/// <summary>The files these tests read: the Kubernetes manifests and what they must agree with.</summary>
public static class DeployPaths
{
    public static string Root => RepositoryPaths.Root;

    public static string Kubernetes => Path.Combine(Root, "deploy", "kubernetes");

    public static string KubernetesReadme => Path.Combine(Kubernetes, "README.md");

    public static string Overlays => Path.Combine(Kubernetes, "overlays");

    public static IReadOnlyList<string> OverlayNames =>
        [.. Directory.EnumerateDirectories(Overlays).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Every YAML file of the base and the overlays (resources, patches, kustomizations).</summary>
    public static IReadOnlyList<string> ManifestFiles =>
        [.. Directory.EnumerateFiles(Kubernetes, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static string ContainersProps => Path.Combine(Root, "deploy", "containers", "Containers.props");

    public static string AppHostSettings => Path.Combine(Root, "AppHost", "appsettings.json");

    public static string AppHostProgram => Path.Combine(Root, "AppHost", "Program.cs");

    public static string PrometheusRules => Path.Combine(Root, "dashboards", "prometheus", "rules", "consumer-groups.yml");

    public static IReadOnlyList<string> GrafanaDashboards =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "dashboards", "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>A source file of the repository by name, wherever it lives now (bin and obj left out).</summary>
    public static string SourceFile(string fileName)
    {
        var matches = Directory.EnumerateFiles(Root, fileName, SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new FileNotFoundException($"expected one {fileName} in the repository, found {matches.Count}", fileName);
    }
}
