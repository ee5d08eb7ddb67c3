namespace OrdersAspire.AppHost.Scaling;

/// <summary>The consumer groups that scale live, by resource name; filled while the AppHost's model is built.</summary>
internal sealed class ScalableGroups
{
    private readonly Dictionary<string, ScalableGroup> _groups = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ScalableGroup> All => _groups.Values;

    public void Add(ScalableGroup group) => _groups.Add(group.Name, group);

    public ScalableGroup? Find(string name) => _groups.GetValueOrDefault(name);

    public ScalableGroup Get(string name) => Find(name) ?? throw new ArgumentException(
        $"'{name}' is not a consumer group this AppHost scales; known: {string.Join(", ", _groups.Keys.Order(StringComparer.Ordinal))}", nameof(name));
}
