using System.Text.RegularExpressions;
using OrdersAspire.Deployment.Tests.Manifests;
using OrdersAspire.Deployment.Tests.Rendering;
using OrdersAspire.Deployment.Tests.Support;
using OrdersAspire.Deployment.Tests.Workloads;

namespace OrdersAspire.Deployment.Tests.Secrets;

/// <summary>Secrets stay in Secrets: no ConfigMap of a rendered overlay carries a Secret's value or a key named like a
/// credential, every Secret key that is read exists (rendered, made by Strimzi, or created as the README says), and the
/// values kept in the repository are obviously examples.</summary>
public sealed partial class SecretSeparationTests
{
    /// <summary>Shorter values (modes such as "enable", a user name) are not secrets and occur in ordinary text.</summary>
    private const int ShortestSecretValue = 8;

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void No_configmap_carries_a_secret_value(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var secretValues = rendered.Secrets
            .SelectMany(secret => ManifestSet.Values(secret).Select(v => (secret: secret.Metadata.Name, v.Key, v.Value)))
            .SelectMany(s => Sensitive(s.Value).Select(value => (s.secret, s.Key, value)))
            .ToList();

        Assert.NotEmpty(secretValues);
        foreach (var configMap in rendered.ConfigMaps)
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                foreach (var (secret, secretKey, secretValue) in secretValues)
                {
                    Assert.False(value.Contains(secretValue, StringComparison.Ordinal),
                        $"ConfigMap {configMap.Metadata.Name} key {key} carries the value of Secret {secret} key {secretKey}");
                }

                Assert.False(PasswordInValue().IsMatch(value), $"ConfigMap {configMap.Metadata.Name} key {key} holds a password: {value}");
            }
        }
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void No_configmap_key_is_named_like_a_credential(string overlay)
    {
        var keys = RenderedOverlays.Get(overlay).ConfigMaps
            .SelectMany(c => (c.Data?.Keys ?? []).Select(key => $"{c.Metadata.Name}: {key}"))
            .ToList();

        Assert.NotEmpty(keys);
        var credentials = keys.Where(key => CredentialName().IsMatch(key.Split(": ")[1])).ToList();
        Assert.True(credentials.Count == 0, "ConfigMap keys named like credentials: " + string.Join(", ", credentials));
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void Every_secret_key_read_exists_rendered_made_by_strimzi_or_created_as_the_readme_says(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);
        var strimzi = SecretReferences.MadeByStrimzi(rendered);
        var created = ReadmeCommands.CreatedSecrets();

        var references = SecretReferences.Of(rendered);
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            var exists = rendered.Secret(reference.Secret) is { } secret ? ManifestSet.Values(secret).ContainsKey(reference.Key)
                : strimzi.TryGetValue(reference.Secret, out var made) ? made.Contains(reference.Key)
                : created.TryGetValue(reference.Secret, out var keys) && keys.Contains(reference.Key);
            Assert.True(exists, $"{overlay}: {reference.ReadBy} reads Secret {reference.Secret} key {reference.Key}, which nothing provides");
        }
    }

    [Fact]
    public void The_local_overlay_is_self_contained_with_example_secrets()
    {
        var rendered = RenderedOverlays.Get("local");
        var strimzi = SecretReferences.MadeByStrimzi(rendered);

        foreach (var reference in SecretReferences.Of(rendered))
        {
            Assert.True(rendered.Secret(reference.Secret) is not null || strimzi.ContainsKey(reference.Secret),
                $"local: {reference.ReadBy} reads Secret {reference.Secret}, which the overlay does not generate");
        }

        foreach (var secret in rendered.Secrets)
        {
            foreach (var (key, value) in ManifestSet.Values(secret))
            {
                foreach (var sensitive in Sensitive(value).Where(v => CredentialName().IsMatch(key) || PasswordInValue().IsMatch(value)))
                {
                    Assert.Contains("example", sensitive, StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory]
    [ClassData(typeof(OverlayNames))]
    public void The_admin_key_comes_from_a_secret(string overlay)
    {
        var rendered = RenderedOverlays.Get(overlay);

        var adminKey = ContainerEnvironment.Of(rendered.Deployment("analyzer"), rendered)["Analyzer__AdminKey"];
        Assert.Equal(EnvironmentSource.Secret, adminKey.Source);
    }

    /// <summary>The parts of a Secret value that must not leak: the value itself, and each password inside a
    /// connection string.</summary>
    private static IEnumerable<string> Sensitive(string value)
    {
        if (value.Length >= ShortestSecretValue)
        {
            yield return value;
        }

        foreach (Match password in PasswordInValue().Matches(value))
        {
            yield return password.Groups["password"].Value;
        }
    }

    [GeneratedRegex(@"(?i)(pass(word|wd)?|secret|token|credential|api[-_.]?key|admin[-_.]?key|private[-_.]?key)")]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"(?i)(?:^|;)\s*(?:sasl)?password\s*=\s*(?<password>[^;]+)")]
    private static partial Regex PasswordInValue();
}
