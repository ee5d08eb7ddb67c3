using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Topology;

namespace OrdersAspire.Deployment.Tests.Containers;

/// <summary>The Deployments run the images deploy/containers/Containers.props names for each service project, and the
/// README says how to build each one.</summary>
public sealed partial class ContainerImageTests
{
    private static readonly AppHostTopology Topology = AppHostTopology.Read();

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Each_deployment_runs_the_image_its_project_publishes(string overlay)
    {
        var images = PublishedImages();
        var rendered = RenderedOverlays.Get(overlay);

        foreach (var (resource, project) in Topology.ProjectsByResource)
        {
            Assert.True(images.TryGetValue(project, out var image), $"{DeployPaths.ContainersProps} names no ContainerRepository for {project}");
            var deployed = rendered.Deployment(resource).Spec.Template.Spec.Containers.Single().Image;
            // An overlay may put the same repository and tag in a registry of its own.
            Assert.True(deployed == image || deployed.EndsWith("/" + image, StringComparison.Ordinal),
                $"{overlay}: {resource} runs {deployed}, {project} publishes {image}");
        }
    }

    [Fact]
    public void The_readme_publishes_every_image_with_the_props_file()
    {
        var readme = File.ReadAllText(DeployPaths.KubernetesReadme);
        var published = PublishCommand().Matches(readme).Select(m => m.Groups["project"].Value).ToHashSet(StringComparer.Ordinal);

        foreach (var project in Topology.ProjectsByResource.Values)
        {
            Assert.Contains(project, published);
        }
    }

    /// <summary>MSBuild project name → repository:tag, as Containers.props sets them.</summary>
    private static Dictionary<string, string> PublishedImages()
    {
        var props = XDocument.Load(DeployPaths.ContainersProps);
        var tag = props.Descendants("ContainerImageTag").Single().Value;
        return props.Descendants("PropertyGroup")
            .Select(group => (condition: ProjectCondition().Match((string?)group.Attribute("Condition") ?? ""), repository: group.Element("ContainerRepository")))
            .Where(g => g.condition.Success && g.repository is not null)
            .ToDictionary(g => g.condition.Groups["project"].Value, g => $"{g.repository!.Value}:{tag}", StringComparer.Ordinal);
    }

    [GeneratedRegex(@"'\$\(MSBuildProjectName\)' == '(?<project>\w+)'")]
    private static partial Regex ProjectCondition();

    [GeneratedRegex(@"dotnet publish services/(?<project>\w+) [^\n]*-t:PublishContainer [^\n]*-p:CustomBeforeMicrosoftCommonProps=\S*deploy/containers/Containers\.props")]
    private static partial Regex PublishCommand();
}
