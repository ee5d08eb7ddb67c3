using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrdersAspire.ServiceDefaults.Security;

/// <summary>
/// The admin key that guards operations which change a running system (offset reset, fault injection): the
/// <c>X-Admin-Key</c> header compared with a configured key. No configured key means the operation is disabled,
/// never open.
/// </summary>
public static class AdminKey
{
    public const string HeaderName = "X-Admin-Key";

    public enum Verdict { Allowed, NotConfigured, Missing, Wrong }

    /// <summary>Compares SHA-256 digests in constant time, so neither the key's content nor its length leaks
    /// through timing.</summary>
    public static Verdict Check(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return Verdict.NotConfigured;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Verdict.Missing;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? Verdict.Allowed : Verdict.Wrong;
    }

    /// <summary>The request's verdict against <paramref name="configured"/>.</summary>
    public static Verdict Check(string? configured, HttpRequest request) =>
        Check(configured, request.Headers[HeaderName].ToString());

    /// <summary>The ProblemDetails answer for a refused verdict (403 when no key is configured, 401 when the header is
    /// missing or wrong), or null when allowed. <paramref name="operation"/> names what was refused ("Fault
    /// injection"); <paramref name="setting"/> the configuration key that enables it.</summary>
    public static ProblemHttpResult? Refusal(Verdict verdict, string operation, string setting) => verdict switch
    {
        Verdict.Allowed => null,
        Verdict.NotConfigured => TypedResults.Problem(
            title: $"{operation} disabled",
            detail: $"No admin key is configured, so {operation.ToLowerInvariant()} is disabled. Set {setting} (environment variable {setting.Replace(":", "__", StringComparison.Ordinal)}) and send it in the {HeaderName} header.",
            statusCode: StatusCodes.Status403Forbidden),
        _ => TypedResults.Problem(
            title: "Admin key required",
            detail: $"{operation} needs the admin key in the {HeaderName} header.",
            statusCode: StatusCodes.Status401Unauthorized),
    };
}
