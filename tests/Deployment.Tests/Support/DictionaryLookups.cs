namespace OrdersAspire.Deployment.Tests.Support;

/// <summary>Lookups on the KubernetesClient models' IDictionary properties (labels, data), which may be null.</summary>
public static class DictionaryLookups
{
    public static string? Find(this IDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : null;
}
