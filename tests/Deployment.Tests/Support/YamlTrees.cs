namespace OrdersAspire.Deployment.Tests.Support;

/// <summary>Structural equality of YAML read as plain trees (mappings, sequences, scalars as text): how a document is
/// written (quotes, block styles, comments, key order) does not matter, what it says does.</summary>
public static class YamlTrees
{
    public static bool Equal(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (Dictionary<object, object> e, Dictionary<object, object> a) =>
            e.Count == a.Count && e.All(entry => a.TryGetValue(entry.Key, out var value) && Equal(entry.Value, value)),
        (List<object> e, List<object> a) => e.Count == a.Count && e.Zip(a).All(pair => Equal(pair.First, pair.Second)),
        (string e, string a) => e == a,
        _ => false,
    };
}
