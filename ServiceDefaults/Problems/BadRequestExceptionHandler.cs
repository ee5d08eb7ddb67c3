using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>
/// Answers a request the framework could not bind (<see cref="BadHttpRequestException"/>) with a validation problem
/// naming the field and the reason: for JSON, the member at the exception's JSON path and what that member must be;
/// for route, query and header values, the parameter whose value does not parse or is missing. Never text parsing of
/// exception messages, never .NET type names in the answer.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails, IOptions<JsonOptions> jsonOptions) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var errors = Describe(httpContext, badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status400BadRequest ? "The request is not valid." : "The request cannot be processed.",
        };
        // A client that accepts no JSON gets the status code alone; it is still the client's error, never a 500.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        return true;
    }

    private Dictionary<string, string[]> Describe(HttpContext httpContext, BadHttpRequestException badRequest)
    {
        // The middleware has cleared the endpoint and route values before calling handlers; its feature keeps them.
        var failed = httpContext.Features.Get<IExceptionHandlerFeature>();
        var endpoint = failed?.Endpoint;
        if (badRequest.InnerException is JsonException json)
        {
            var bodyType = BodyType(endpoint);
            var (field, message) = JsonBindingError.Describe(json, bodyType, jsonOptions.Value.SerializerOptions);
            return new() { [field] = [message] };
        }

        switch (badRequest.StatusCode)
        {
            case StatusCodes.Status415UnsupportedMediaType:
                return new() { [BadRequestProblems.BodyField] = [BadRequestProblems.NotJsonMessage] };
            case StatusCodes.Status413PayloadTooLarge:
                return new() { [BadRequestProblems.BodyField] = ["The request body is too large."] };
        }

        if (endpoint is not null && ParameterBindingError.Describe(endpoint, failed?.RouteValues, httpContext.Request.Query, httpContext.Request.Headers) is { Count: > 0 } parameters)
        {
            return parameters;
        }

        if (BodyType(endpoint) is not null && httpContext.Request.ContentLength is null or 0)
        {
            return new() { [BadRequestProblems.BodyField] = ["A JSON body is required."] };
        }

        return new() { [BadRequestProblems.RequestField] = [badRequest.Message] };
    }

    private static Type? BodyType(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().LastOrDefault(accepts => accepts.RequestType is not null)?.RequestType;
}
