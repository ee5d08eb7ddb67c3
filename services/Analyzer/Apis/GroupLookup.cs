using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Sampling;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>Finds a group's latest analysis, watching a group asked for by name on first request, or the
/// ProblemDetails saying why not: 400 invalid name, 404 no committed offsets, 409 watch limit, 502 Kafka unreachable,
/// 503 not sampled yet.</summary>
internal static class GroupLookup
{
    /// <summary>How long a request waits for a newly watched group's first sample.</summary>
    public static readonly TimeSpan FirstSampleWait = TimeSpan.FromSeconds(10);

    public static async Task<(ProblemHttpResult? Problem, GroupAnalysis Analysis)> FindAsync(
        AnalysisStore store, GroupWatcher watcher, string group, CancellationToken ct)
    {
        if (await WatchAsync(store, watcher, group, ct).ConfigureAwait(false) is { } problem)
        {
            return (problem, null!);
        }

        if (await store.WaitForAsync(group, FirstSampleWait, ct).ConfigureAwait(false) is not { } found)
        {
            return (TypedResults.Problem(
                title: "Not sampled yet",
                detail: $"Group '{group}' has not been sampled yet; retry in a second.",
                statusCode: StatusCodes.Status503ServiceUnavailable), null!);
        }
        return (null, found);
    }

    /// <summary>Null once the group is watched (it may not be sampled yet), else the problem.</summary>
    public static async Task<ProblemHttpResult?> WatchAsync(AnalysisStore store, GroupWatcher watcher, string group, CancellationToken ct)
    {
        GroupWatch watch;
        try
        {
            watch = await watcher.WatchAsync(group, ct).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(title: "Kafka unavailable", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
        }
        return watch.Outcome switch
        {
            GroupWatchOutcome.Watched => null,
            GroupWatchOutcome.InvalidName => BadRequest("group", $"'group': {watch.Reason}"),
            GroupWatchOutcome.NoOffsets => TypedResults.Problem(title: "Unknown consumer group", detail: watch.Reason,
                statusCode: StatusCodes.Status404NotFound),
            _ => TypedResults.Problem(title: "Watch limit reached", detail: watch.Reason, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["maxWatchedGroups"] = store.MaxGroups, ["watched"] = store.Groups }),
        };
    }

    public static ProblemHttpResult BadRequest(string field, string message) =>
        BadRequest(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 validation problem (<c>errors</c> per field, as every bad input gets), typed like the other
    /// problems of these endpoints.</summary>
    public static ProblemHttpResult BadRequest(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = errors.Values.FirstOrDefault()?.FirstOrDefault(),
        });
}
