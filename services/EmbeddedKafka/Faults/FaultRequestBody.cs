using System.Text.Json;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>
/// A fault request's JSON object, read by hand so that every problem (malformed JSON, missing or mistyped field)
/// becomes a validation error naming the field instead of a framework binding failure.
/// </summary>
public sealed class FaultRequestBody
{
    public const int MaxBytes = 64 * 1024;

    private readonly JsonElement root;

    private FaultRequestBody(JsonElement root) => this.root = root;

    /// <summary>Field name → messages, the shape of <c>ValidationProblemDetails.Errors</c>.</summary>
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    /// <summary>Reads the request body as a JSON object; on failure <see cref="Errors"/> explains why under "body".</summary>
    public static async Task<FaultRequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Invalid($"The body must be at most {MaxBytes} bytes.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new FaultRequestBody(document.RootElement.Clone())
                : Invalid($"The body must be a JSON object, not {document.RootElement.ValueKind}.");
        }
        catch (JsonException ex)
        {
            return Invalid($"The body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>A required integer within [min, max]; numbers given as strings are refused (JSON numbers only).</summary>
    public int Integer(string field, int min, int max)
    {
        if (!TryGet(field, out var value))
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return Fail(field, $"'{field}' must be an integer.", 0);
        }

        return number < min || number > max
            ? Fail(field, $"'{field}' must be between {min} and {max} (was {number}).", 0)
            : (int)number;
    }

    /// <summary>A required non-empty string.</summary>
    public string Text(string field)
    {
        if (!TryGet(field, out var value))
        {
            return "";
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : Fail(field, $"'{field}' must be a non-empty string.", "");
    }

    /// <summary>A required value given as a name or a number, converted by <paramref name="parse"/>.</summary>
    public T NameOrNumber<T>(string field, string expected, Func<string, (bool Ok, T Value)> parse, T fallback)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        return ParseNameOrNumber(field, value, expected, parse, fallback);
    }

    /// <summary>A required non-empty array of names or numbers, each converted by <paramref name="parse"/>.</summary>
    /// <param name="expected">What one entry must be, e.g. "a Kafka error name".</param>
    public IReadOnlyList<T> NamesOrNumbers<T>(string field, string expected, int maxCount, Func<string, (bool Ok, T Value)> parse)
    {
        if (!TryGet(field, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0)
        {
            return Fail<IReadOnlyList<T>>(field, $"'{field}' must be a non-empty array, each entry {expected}.", []);
        }

        if (value.GetArrayLength() > maxCount)
        {
            return Fail<IReadOnlyList<T>>(field, $"'{field}' may hold at most {maxCount} entries.", []);
        }

        var results = new List<T>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            results.Add(ParseNameOrNumber($"{field}[{index++}]", item, expected, parse, default!));
        }

        return results;
    }

    private T ParseNameOrNumber<T>(string field, JsonElement value, string expected, Func<string, (bool Ok, T Value)> parse, T fallback)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            return Fail(field, $"'{field}' must be {expected}, as a string or a number.", fallback);
        }

        var (ok, parsed) = parse(text);
        return ok ? parsed : Fail(field, $"'{field}' is not {expected}: '{text}'.", fallback);
    }

    private bool TryGet(string field, out JsonElement value)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase)
                && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        Errors[field] = [$"'{field}' is required."];
        return false;
    }

    private T Fail<T>(string field, string message, T fallback)
    {
        Errors[field] = Errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return fallback;
    }

    private static FaultRequestBody Invalid(string message)
    {
        var body = new FaultRequestBody(default);
        body.Errors["body"] = [message];
        return body;
    }
}
