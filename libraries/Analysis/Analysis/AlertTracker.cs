namespace OrdersAspire.Analysis;

/// <summary>Remembers since when each (group, alert) has been firing; a condition that stops firing forgets its start.
/// Time comes from the caller. Thread-safe.</summary>
public sealed class AlertTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Group, string Name), DateTimeOffset> _since = [];

    public IReadOnlyList<Alert> Update(string group, IEnumerable<AlertCondition> conditions, DateTimeOffset now)
    {
        var firing = new List<Alert>();
        lock (_lock)
        {
            foreach (var condition in conditions)
            {
                var key = (group, condition.Name);
                if (!condition.Firing)
                {
                    _since.Remove(key);
                    continue;
                }
                if (!_since.TryGetValue(key, out var since))
                {
                    _since[key] = since = now;
                }

                firing.Add(new Alert(group, condition.Name, condition.Severity, condition.Value, condition.Threshold, condition.Message, since));
            }
        }
        return firing;
    }
}
