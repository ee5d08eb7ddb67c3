using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Manifests;

public sealed class ManifestParsingTests
{
    public static TheoryData<string> ManifestFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in DeployPaths.ManifestFiles)
        {
            files.Add(Path.GetRelativePath(DeployPaths.Kubernetes, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Every_manifest_file_reads_into_the_models_of_its_kinds(string file)
    {
        var manifests = ManifestParser.Parse(File.ReadAllText(Path.Combine(DeployPaths.Kubernetes, file)), file);

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m => Assert.False(string.IsNullOrEmpty(m.Name) && m.Kind != "Kustomization", $"{m} has no name"));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_rendered_object_reads_into_the_model_of_its_kind_in_the_namespace(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);

        Assert.NotEmpty(rendered.All);
        var outside = rendered.All.Where(m => m.Kind != "Namespace" && m.Namespace != "ordersaspire").ToList();
        Assert.True(outside.Count == 0, $"objects outside namespace ordersaspire: {string.Join(", ", outside)}");
    }
}
