using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Rendering;

public sealed class OverlayRenderingTests
{
    [Fact]
    public void The_readme_says_how_to_render_every_overlay_and_only_those()
    {
        var commands = ReadmeCommands.RenderCommands();

        Assert.Equal(DeployPaths.OverlayNames, commands.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Each_overlay_renders_with_the_readme_command(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);

        Assert.Contains(rendered.Deployments, d => d.Metadata.Name == "order-processors");
    }
}
