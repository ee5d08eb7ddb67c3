namespace OrdersAspire.Deployment.Tests.Support;

/// <summary>xunit data: one row per directory under deploy/kubernetes/overlays.</summary>
public sealed class OverlayNames : TheoryData<string>
{
    public OverlayNames()
    {
        foreach (var overlay in DeployPaths.OverlayNames)
        {
            Add(overlay);
        }
    }
}
