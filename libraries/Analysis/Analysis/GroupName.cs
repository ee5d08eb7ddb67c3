namespace OrdersAspire.Analysis;

/// <summary>What the analyzer accepts as a consumer group id: 1 to <see cref="MaxLength"/> characters, none of them
/// whitespace or control characters (Kafka itself accepts nearly any string; these are the ones no real group uses
/// and a URL or a table cannot show).</summary>
public static class GroupName
{
    public const int MaxLength = 255;

    /// <summary>Null when valid, else why not.</summary>
    public static string? Validate(string? group)
    {
        if (string.IsNullOrEmpty(group))
        {
            return "a group id is required";
        }

        if (group.Length > MaxLength)
        {
            return $"a group id has at most {MaxLength} characters; this one has {group.Length}";
        }

        if (group.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "a group id cannot contain whitespace or control characters";
        }

        return null;
    }
}
