using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>kafka-consumer-groups --reset-offsets, for a watched group or any group with committed offsets: a dry-run
/// plan by default; with execute=true and the admin key, the plan is committed without joining the group, and only
/// while it has no members (409 otherwise: see <see cref="OffsetResetService"/>).</summary>
public static class OffsetsApi
{
    public static IEndpointRouteBuilder MapOffsetsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/groups/{group}/reset-offsets", ResetOffsets)
            .WithTags("Offsets")
            .WithSummary("Reset offsets: to=earliest|latest|offset|datetime|shift-by (value), topic, partitions=0,1; execute=true to apply (X-Admin-Key)");
        return app;
    }

    public static async Task<Results<Ok<OffsetResetResponse>, ProblemHttpResult>> ResetOffsets(
        string group,
        string? to,
        string? value,
        string? topic,
        string? partitions,
        bool? execute,
        HttpRequest http,
        AnalysisStore store,
        OffsetResetService resets,
        IOptions<AnalyzerOptions> options,
        CancellationToken ct)
    {
        if (!store.IsKnown(group) && GroupName.Validate(group) is { } invalidName)
        {
            return GroupLookup.BadRequest("group", $"'group': {invalidName}");
        }

        var (request, errors) = OffsetResetRequest.Parse(to, value, topic, partitions, options.Value.Topic);
        if (request is null)
        {
            return GroupLookup.BadRequest(errors);
        }

        var doExecute = execute ?? false;

        OffsetResetPlanResult plan;
        try
        {
            plan = await resets.PlanAsync(group, request, ct).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(title: "Kafka unavailable", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
        }
        if (plan.InvalidField is { } invalid)
        {
            return GroupLookup.BadRequest(invalid, plan.Error!);
        }

        if (!store.IsKnown(group) && plan.Rows.All(r => r.CurrentOffset is null))
        {
            return TypedResults.Problem(title: "Unknown consumer group", statusCode: StatusCodes.Status404NotFound,
                detail: $"Group '{group}' is not watched and has no committed offsets on topic '{request.Topic}'.");
        }
        var targetName = OffsetResetRequest.TargetNames[(int)request.To];
        if (!doExecute)
        {
            return TypedResults.Ok(new OffsetResetResponse(group, DryRun: true, Executed: false, targetName, plan.Rows));
        }

        var verdict = AdminKey.Check(options.Value.AdminKey, http);
        if (AdminKey.Refusal(verdict, "Offset reset", "Analyzer:AdminKey") is { } refusal)
        {
            return refusal;
        }

        try
        {
            var outcome = await resets.ExecuteAsync(group, plan.Rows, ct).ConfigureAwait(false);
            if (outcome.Rows is { } applied)
            {
                return TypedResults.Ok(new OffsetResetResponse(group, DryRun: false, Executed: true, targetName, applied));
            }

            return TypedResults.Problem(title: outcome.ActiveMembers.Count > 0 ? "Group is active" : "Broker refused a commit from outside the group",
                detail: outcome.RefusedBecause, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["activeMembers"] = outcome.ActiveMembers });
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(title: "Kafka refused the reset", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
        }
        catch (TimeoutException ex)
        {
            return TypedResults.Problem(title: "Kafka did not answer", detail: ex.Message, statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }
}
