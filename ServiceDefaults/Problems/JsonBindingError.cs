using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>
/// What a <see cref="JsonException"/> from binding a request body says, told from its structure: a reader error
/// (malformed JSON) has the reader's exception inside; otherwise the member at <see cref="JsonException.Path"/> is
/// either not a member of the body's type (unknown member) or has a value its type cannot take, and the serializer's
/// own contract of that type says what it must be.
/// </summary>
public static class JsonBindingError
{
    public static (string Field, string Message) Describe(JsonException json, Type? bodyType, JsonSerializerOptions options)
    {
        if (json.InnerException is JsonException)
        {
            // The reader stops at the offending byte (zero-based).
            return (BadRequestProblems.BodyField, $"The request body is not valid JSON: malformed{Position(json, 1)}.");
        }

        // The serializer reports the position after the value (or member name) it could not take.
        var position = Position(json, 0);

        var segments = JsonPathSegments.Parse(json.Path);
        var field = segments.Count == 0 ? BadRequestProblems.BodyField : JsonPathSegments.Format(segments);
        if (bodyType is null)
        {
            return (field, $"'{field}' has a value of the wrong JSON type or out of range{position}.");
        }

        var typeInfo = options.GetTypeInfo(bodyType);
        foreach (var segment in segments)
        {
            if (segment.Index is not null)
            {
                typeInfo = typeInfo?.ElementType is { } element ? options.GetTypeInfo(element) : null;
            }
            else if (typeInfo?.Kind == JsonTypeInfoKind.Object)
            {
                var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                var property = typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, segment.Name, comparison));
                if (property is null)
                {
                    return (field, $"'{field}' is not a member of this request{position}.");
                }

                typeInfo = options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                typeInfo = typeInfo?.Kind == JsonTypeInfoKind.Dictionary && typeInfo.ElementType is { } value ? options.GetTypeInfo(value) : null;
            }
        }

        var expected = typeInfo is null ? null : Expected(typeInfo);
        return segments.Count == 0
            ? (field, $"The request body must be {expected ?? "another JSON value"}{position}.")
            : (field, expected is null
                ? $"'{field}' has a value of the wrong JSON type{position}."
                : $"'{field}' must be {expected}{position}.");
    }

    /// <summary>What a value of this contract looks like in JSON, or null when its converter decides.</summary>
    private static string? Expected(JsonTypeInfo typeInfo)
    {
        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
            case JsonTypeInfoKind.Dictionary:
                return "a JSON object";
            case JsonTypeInfoKind.Enumerable:
                return "a JSON array";
        }

        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        if (type.IsEnum)
        {
            return null;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Byte => Invariant($"a JSON integer from 0 to {byte.MaxValue}"),
            TypeCode.Int16 => Invariant($"a JSON integer from {short.MinValue} to {short.MaxValue}"),
            TypeCode.Int32 => Invariant($"a JSON integer from {int.MinValue} to {int.MaxValue}"),
            TypeCode.SByte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a JSON integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a JSON number",
            TypeCode.String or TypeCode.Char or TypeCode.DateTime => "a JSON string",
            _ when type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) => "a JSON string",
            _ => null,
        };
    }

    private static string Position(JsonException json, int offset) =>
        json.LineNumber is { } line && json.BytePositionInLine is { } column
            ? Invariant($" (line {line + 1}, position {column + offset})")
            : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
