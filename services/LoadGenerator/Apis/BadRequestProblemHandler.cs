using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace OrdersAspire.LoadGenerator.Apis;

/// <summary>
/// Turns request-binding failures (malformed JSON, a value of the wrong JSON type, an unknown member, a
/// missing body, a wrong content type) into validation problem details naming the offending field, instead
/// of an empty 400.
/// </summary>
public sealed class BadRequestProblemHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, message) = badRequest.InnerException is JsonException json
            ? Describe(json)
            : ("body", badRequest.StatusCode switch
            {
                StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
                StatusCodes.Status400BadRequest when badRequest.Message.Contains("no body", StringComparison.Ordinal) =>
                    "A JSON object with count and ratePerSecond is required.",
                _ => "The request could not be read.",
            });

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status400BadRequest ? "The request body is not a valid generation request." : "The request cannot be processed.",
        };
        // A client that accepts no JSON gets the status code alone; it is still the client's error, never a 500.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
        return true;
    }

    /// <summary>The field a JSON error is about (its path without <c>$.</c>) and a message without .NET type names.</summary>
    public static (string Field, string Message) Describe(JsonException json)
    {
        var path = json.Path;
        var field = path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        var position = json.LineNumber is { } line && json.BytePositionInLine is { } column
            ? $" (line {line + 1}, position {column + 1})"
            : "";

        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = ExtractQuoted(json.Message) ?? field;
            var prefix = field == "body" || field.EndsWith(name, StringComparison.Ordinal) ? field[..^name.Length].TrimEnd('.') : field;
            var unknown = prefix.Length == 0 || prefix == "body" ? name : $"{prefix}.{name}";
            return name == "topic"
                ? ("topic", "topic cannot be chosen per request: the service produces to its configured topic (LoadGenerator:Topic).")
                : (unknown, $"Unknown member '{unknown}'.");
        }

        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field == "body"
                ? (field, "The body must be a JSON object with count and ratePerSecond.")
                : (field, $"'{field}' has a value of the wrong JSON type or out of range{position}.");
        }

        return (field, $"Malformed JSON{position}.");
    }

    private static string? ExtractQuoted(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}
