using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>
/// Which route, query or header parameter of an endpoint's handler the framework could not bind, found from the
/// handler's signature and the request: a value present that its type does not parse (as the framework parses it:
/// the type's <c>TryParse</c>), or a required value absent. The exception itself carries no field, only a sentence.
/// </summary>
public static class ParameterBindingError
{
    public static Dictionary<string, string[]> Describe(Endpoint endpoint, RouteValueDictionary? routeValues, IQueryCollection query, IHeaderDictionary headers)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return errors;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var parameter in handler.GetParameters())
        {
            var attributes = parameter.GetCustomAttributes(inherit: true);
            if (attributes.Any(a => a is IFromBodyMetadata or IFromServiceMetadata or IFromFormMetadata or AsParametersAttribute))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (!IsSimple(type))
            {
                continue;
            }

            var (name, raw) = RawValue(parameter, attributes, routeValues, query, headers);
            if (string.IsNullOrEmpty(raw))
            {
                if (IsRequired(parameter, nullability))
                {
                    errors[name] = [$"'{name}' is required."];
                }
            }
            else if (type != typeof(string) && !TryParse(type, raw))
            {
                errors[name] = [$"'{name}' must be {Expected(type)}; '{Shorten(raw)}' is not."];
            }
        }

        return errors;
    }

    private static (string Name, string? Raw) RawValue(
        ParameterInfo parameter, object[] attributes, RouteValueDictionary? routeValues, IQueryCollection query, IHeaderDictionary headers)
    {
        if (attributes.OfType<IFromHeaderMetadata>().FirstOrDefault() is { } header)
        {
            var name = header.Name ?? parameter.Name!;
            return (name, headers[name].ToString());
        }

        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } fromQuery)
        {
            var name = fromQuery.Name ?? parameter.Name!;
            return (name, query[name].ToString());
        }

        var routeName = attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name ?? parameter.Name!;
        return routeValues?.TryGetValue(routeName, out var routeValue) == true
            ? (routeName, Convert.ToString(routeValue, CultureInfo.InvariantCulture))
            : (parameter.Name!, query[parameter.Name!].ToString());
    }

    private static bool IsSimple(Type type) =>
        type == typeof(string) || type.IsEnum || FindTryParse(type) is not null;

    private static bool IsRequired(ParameterInfo parameter, NullabilityInfoContext nullability) =>
        !parameter.HasDefaultValue
        && nullability.Create(parameter).WriteState != NullabilityState.Nullable;

    private static bool TryParse(Type type, string raw)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, raw, ignoreCase: false, out _);
        }

        var method = FindTryParse(type)!;
        object?[] arguments = method.GetParameters().Length == 3 ? [raw, CultureInfo.InvariantCulture, null] : [raw, null];
        return method.Invoke(null, arguments) is true;
    }

    private static MethodInfo? FindTryParse(Type type) =>
        type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])
        ?? type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);

    private static string Expected(Type type) => type.IsEnum
        ? "one of " + string.Join(", ", Enum.GetNames(type))
        : Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time (ISO 8601)",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            _ when type == typeof(Guid) => "a GUID",
            _ => "a valid " + type.Name,
        };

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
