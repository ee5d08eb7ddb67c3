using System.Globalization;
using System.Text;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>One step of a System.Text.Json path: a member name, or an array index.</summary>
public readonly record struct JsonPathSegment(string? Name, int? Index);

/// <summary>
/// Reads the paths System.Text.Json puts in <see cref="System.Text.Json.JsonException.Path"/> (<c>$</c>,
/// <c>$.keyDistribution.share</c>, <c>$.errors[1]</c>, <c>$['odd.name']</c>) and writes them as error keys
/// (<c>keyDistribution.share</c>, <c>errors[1]</c>).
/// </summary>
public static class JsonPathSegments
{
    public static IReadOnlyList<JsonPathSegment> Parse(string? path)
    {
        var segments = new List<JsonPathSegment>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }

        var at = 1;
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new(path[(at + 1)..end], null));
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new(path[(at + 2)..end], null));
                at = Math.Min(path.Length, end + 2);
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at + 1);
                end = end < 0 ? path.Length : end;
                if (!int.TryParse(path.AsSpan(at + 1, end - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }

                segments.Add(new(null, index));
                at = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    public static string Format(IEnumerable<JsonPathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Index is { } index)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Name);
            }
        }

        return text.ToString();
    }
}
