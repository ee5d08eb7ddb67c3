using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Support;

namespace OrdersAspire.Deployment.Tests.Rendering;

/// <summary>What deploy/kubernetes/README.md tells the user to run, so the tests render exactly that.</summary>
public static partial class ReadmeCommands
{
    /// <summary>The arguments after <c>kubectl kustomize</c> of the README's render command for each overlay.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RenderCommands()
    {
        var commands = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (Match match in RenderCommand().Matches(File.ReadAllText(DeployPaths.KubernetesReadme)))
        {
            var arguments = match.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            commands.TryAdd(match.Groups["overlay"].Value, arguments);
        }
        return commands;
    }

    /// <summary>Secrets the README tells the user to create (<c>kubectl create secret generic NAME --from-literal=KEY=…</c>),
    /// with their keys.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> CreatedSecrets()
    {
        // A command continues over lines ending in a backslash.
        var text = File.ReadAllText(DeployPaths.KubernetesReadme).Replace("\\\n", " ", StringComparison.Ordinal);
        var secrets = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (Match match in CreateSecret().Matches(text))
        {
            var keys = FromLiteral().Matches(match.Groups["options"].Value).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
            secrets[match.Groups["name"].Value] = keys;
        }
        return secrets;
    }

    [GeneratedRegex(@"kubectl kustomize (?<arguments>[^|\n`]*?deploy/kubernetes/overlays/(?<overlay>[a-z0-9-]+))")]
    private static partial Regex RenderCommand();

    [GeneratedRegex(@"kubectl (?:-n \S+ )?create secret generic (?<name>[a-z0-9.-]+)(?<options>[^\n]*)")]
    private static partial Regex CreateSecret();

    [GeneratedRegex(@"--from-literal=(?<key>[A-Za-z0-9._-]+)=")]
    private static partial Regex FromLiteral();
}
