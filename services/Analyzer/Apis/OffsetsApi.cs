using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrdersAspire.Analyzer.Analysis;
using OrdersAspire.Analyzer.Configuration;
using OrdersAspire.Analyzer.Sampling;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>kafka-consumer-groups --reset-offsets: a dry-run plan by default; with execute=true, the admin key and an
/// inactive group, the plan is committed.</summary>
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
        string? execute,
        HttpRequest http,
        AnalysisStore store,
        OffsetResetService resets,
        IOptions<AnalyzerOptions> options,
        CancellationToken ct)
    {
        if (!store.IsKnown(group))
            return GroupLookup.Find(store, group, out _)!;
        var (request, errors) = OffsetResetRequest.Parse(to, value, topic, partitions, options.Value.Topic);
        if (request is null)
        {
            var (field, messages) = errors.First();
            return TypedResults.Problem(title: "Invalid request", detail: messages[0], statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = errors });
        }
        if (!GroupsApi.TryParseFlag(execute, out var doExecute))
            return GroupLookup.BadRequest("execute", "'execute' must be true or false");

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
            return GroupLookup.BadRequest(invalid, plan.Error!);
        var targetName = OffsetResetRequest.TargetNames[(int)request.To];
        if (!doExecute)
            return TypedResults.Ok(new OffsetResetResponse(group, DryRun: true, Executed: false, targetName, plan.Rows));

        var verdict = AdminKey.Check(options.Value.AdminKey, http);
        if (AdminKey.Refusal(verdict, "Offset reset", "Analyzer:AdminKey") is { } refusal)
            return refusal;

        var active = await resets.ActiveMembersAsync(group).ConfigureAwait(false);
        if (active.Count > 0)
        {
            return TypedResults.Problem(title: "Group is active",
                detail: $"Offsets can only be reset while group '{group}' has no active members; stop these first: {string.Join(", ", active)}.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["activeMembers"] = active });
        }

        try
        {
            var applied = await resets.ExecuteAsync(group, plan.Rows, ct).ConfigureAwait(false);
            return TypedResults.Ok(new OffsetResetResponse(group, DryRun: false, Executed: true, targetName, applied));
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(title: "Kafka refused the reset", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
