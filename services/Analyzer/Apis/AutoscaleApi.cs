using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.Analysis.Scaling;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>The autoscale decision of a group whose autoscaling is enabled (<c>Analyzer:Autoscale:&lt;group&gt;</c>):
/// what the AppHost's autoscaler applies and the page shows.</summary>
public static class AutoscaleApi
{
    public static IEndpointRouteBuilder MapAutoscaleApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Consumer groups")
            .MapGet("/groups/{group}/autoscale", Autoscale)
            .WithSummary("Current members, desired replicas (one step), the rule's target, the reason, its inputs and the recent decisions");
        return app;
    }

    public static async Task<Results<Ok<AutoscaleStatus>, ProblemHttpResult>> Autoscale(string group, AnalysisStore store, GroupWatcher watcher,
        IOptions<AnalyzerOptions> options, CancellationToken ct)
    {
        if (GroupName.Validate(group) is { } invalid)
        {
            return GroupLookup.BadRequest("group", $"'group': {invalid}");
        }

        if (options.Value.AutoscaleFor(group) is not { Enabled: true })
        {
            return TypedResults.Problem(title: "Autoscaling not enabled",
                detail: $"Autoscaling is not enabled for group '{group}' (Analyzer:Autoscale:{group}:Enabled; the AppHost sets it from Topology:*:Autoscale).",
                statusCode: StatusCodes.Status404NotFound);
        }
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        if (problem is not null)
        {
            return problem;
        }
        // Enabled but no decision yet: the first sample is still being published.
        return a.Autoscale is { } status ? TypedResults.Ok(status)
            : TypedResults.Problem(title: "Not sampled yet", detail: $"Group '{group}' has no autoscale decision yet; retry in a second.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
