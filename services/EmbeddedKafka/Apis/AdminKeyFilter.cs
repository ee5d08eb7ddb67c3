using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary>When <see cref="EmbeddedKafkaOptions.AdminKey"/> is set, requires it in the <c>X-Admin-Key</c> header.</summary>
public sealed class AdminKeyFilter(IOptions<EmbeddedKafkaOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Value.AdminKey is not { } expected
            || Matches(expected, context.HttpContext.Request.Headers[HeaderName].ToString()))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            title: "Admin key required",
            detail: $"Fault injection requires the {HeaderName} header with the configured admin key.",
            statusCode: StatusCodes.Status401Unauthorized));
    }

    /// <summary>Compares SHA-256 digests in constant time, so neither content nor length leaks through timing.</summary>
    public static bool Matches(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
