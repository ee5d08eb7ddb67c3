using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.Analyzer.Analysis;
using OrdersAspire.Analyzer.Sampling;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>Finds a group's latest analysis or the ProblemDetails saying why not (404 unknown, 503 not sampled yet).</summary>
internal static class GroupLookup
{
    public static ProblemHttpResult? Find(AnalysisStore store, string group, out GroupAnalysis analysis)
    {
        analysis = null!;
        if (!store.IsKnown(group))
        {
            return TypedResults.Problem(
                title: "Unknown consumer group",
                detail: $"The analyzer does not watch group '{group}'. Known groups: {string.Join(", ", store.Groups)} (configure Analyzer:Groups).",
                statusCode: StatusCodes.Status404NotFound);
        }
        if (store.Get(group) is not { } found)
        {
            return TypedResults.Problem(
                title: "Not sampled yet",
                detail: $"Group '{group}' has not been sampled yet; retry in a second.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        analysis = found;
        return null;
    }

    public static ProblemHttpResult BadRequest(string field, string message) =>
        TypedResults.Problem(
            title: "Invalid request",
            detail: message,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
