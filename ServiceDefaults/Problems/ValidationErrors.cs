using System.Globalization;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>
/// Errors found in a bound request, keyed by the field's JSON name, in the shape of
/// <c>TypedResults.ValidationProblem</c>: for checks that need more than a DataAnnotation (the running cluster's
/// broker count, a topic's partitions, names looked up in a table).
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public IDictionary<string, string[]> ByField => _errors;

    public bool Contains(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>The value, or an error when it is absent.</summary>
    public bool Required<T>(string field, T? value, out T present) where T : struct
    {
        present = value.GetValueOrDefault();
        if (value is null)
        {
            Add(field, $"'{field}' is required.");
        }

        return value is not null;
    }

    /// <summary>A present, non-empty string.</summary>
    public bool RequiredText(string field, string? value, out string present)
    {
        present = value ?? "";
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"'{field}' is required (a non-empty string).");
        }

        return !string.IsNullOrEmpty(value);
    }

    /// <summary>A present integer within [min, max].</summary>
    public bool RequiredInRange(string field, int? value, int min, int max, out int present) =>
        Required(field, value, out present) && InRange(field, present, min, max);

    /// <summary>An integer within [min, max].</summary>
    public bool InRange(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"'{field}' must be between {min} and {max} (was {value})."));
            return false;
        }

        return true;
    }
}
