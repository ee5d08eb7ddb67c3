using System.Globalization;
using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Testing;

namespace OrdersAspire.Deployment.Tests.Rendering;

/// <summary><c>kubectl kustomize</c>, run from the repository root as the README's commands are. Offline: it only
/// renders files. The kustomizations use kustomize v5 (kubectl 1.27 or later).</summary>
public static partial class Kubectl
{
    public const int RequiredKustomizeMajor = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> Program = new(FindProgram);

    public static string Kustomize(IReadOnlyList<string> arguments)
    {
        var result = ToolProcess.Run(Program.Value, ["kustomize", .. arguments], DeployPaths.Root, Timeout);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"kubectl kustomize {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Error}");
    }

    private static string FindProgram()
    {
        var program = ToolProcess.FindOnPath("kubectl")
            ?? throw new InvalidOperationException(
                "kubectl is not on PATH: install kubectl 1.27 or later (kustomize v5), e.g. the kubectl package of the " +
                "Kubernetes apt repository. Debian's kubernetes-client (kubectl 1.20, kustomize v2) is too old for these overlays.");

        var version = ToolProcess.Run(program, ["version", "--client"], DeployPaths.Root, Timeout);
        var kustomize = KustomizeVersion().Match(version.Output);
        if (!kustomize.Success || int.Parse(kustomize.Groups["major"].Value, CultureInfo.InvariantCulture) < RequiredKustomizeMajor)
        {
            throw new InvalidOperationException(
                $"{program} is too old: these overlays need kustomize v{RequiredKustomizeMajor} (kubectl 1.27 or later); " +
                $"'kubectl version --client' printed:\n{version.Output}{version.Error}");
        }
        return program;
    }

    [GeneratedRegex(@"Kustomize Version: v(?<major>\d+)\.")]
    private static partial Regex KustomizeVersion();
}
