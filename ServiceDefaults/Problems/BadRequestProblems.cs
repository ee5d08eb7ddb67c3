using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrdersAspire.ServiceDefaults.Problems;

/// <summary>
/// The one path from bad input to a 400 ProblemDetails, for every service: binding failures (malformed JSON, a
/// value of the wrong type, an unknown member, a query value that does not parse, a missing body) are thrown by the
/// framework and answered by <see cref="BadRequestExceptionHandler"/>; validation of bound values (DataAnnotations on
/// handler parameters through Minimal API validation, or a handler's own checks returning
/// <c>TypedResults.ValidationProblem</c>) answers with the same shape: <c>errors</c> keyed by the field's JSON name.
/// </summary>
public static class BadRequestProblems
{
    /// <summary>The error key for a problem with the request body as a whole.</summary>
    public const string BodyField = "body";

    /// <summary>The error key when no single field is to blame.</summary>
    public const string RequestField = "request";

    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Customize(context.ProblemDetails));
        // Validates DataAnnotations on handler parameters ([Range] int? replicas); a failure is a ValidationProblem.
        services.AddValidation();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures throw instead of answering an empty 400, so the handler can say which field and why.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Numbers must be JSON numbers: "count":"1000" is a client mistake, not a count (the web defaults accept it).
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return services;
    }

    /// <summary>The reason given for a body that is not JSON (the framework answers 415 without one).</summary>
    public const string NotJsonMessage = "The request body must be JSON (Content-Type: application/json).";

    internal static void Customize(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            UseJsonNames(validation);
        }
        else if (problem.Status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
        {
            problem.Detail = NotJsonMessage;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [BodyField] = [NotJsonMessage] };
        }
    }

    /// <summary>
    /// Minimal API validation keys errors by C# member path (<c>KeyDistribution.Share</c>); clients send and read
    /// JSON names (<c>keyDistribution.share</c>), so every validation problem uses those.
    /// </summary>
    private static void UseJsonNames(HttpValidationProblemDetails validation)
    {
        var renamed = validation.Errors
            .GroupBy(error => JsonName(error.Key), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.SelectMany(error => error.Value).ToArray(), StringComparer.Ordinal);
        validation.Errors.Clear();
        foreach (var (field, messages) in renamed)
        {
            validation.Errors[field] = messages;
        }
    }

    internal static string JsonName(string memberPath) =>
        string.Join('.', memberPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
