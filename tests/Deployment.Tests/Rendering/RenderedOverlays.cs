using System.Collections.Concurrent;
using OrdersAspire.Deployment.Tests.Manifests;

namespace OrdersAspire.Deployment.Tests.Rendering;

/// <summary>Each overlay rendered once per test run, with the README's command for it.</summary>
public static class RenderedOverlays
{
    private static readonly ConcurrentDictionary<string, Lazy<ManifestSet>> Rendered = new(StringComparer.Ordinal);

    public static ManifestSet Get(string overlay) =>
        Rendered.GetOrAdd(overlay, name => new Lazy<ManifestSet>(() => Render(name))).Value;

    private static ManifestSet Render(string overlay)
    {
        var commands = ReadmeCommands.RenderCommands();
        if (!commands.TryGetValue(overlay, out var arguments))
        {
            throw new InvalidOperationException($"deploy/kubernetes/README.md has no 'kubectl kustomize … deploy/kubernetes/overlays/{overlay}' command");
        }

        var description = $"overlays/{overlay}";
        return new ManifestSet(ManifestParser.Parse(Kubectl.Kustomize(arguments), description), description);
    }
}
