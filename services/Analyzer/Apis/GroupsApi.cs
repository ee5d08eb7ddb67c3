using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>Read-only views of the watched groups, shaped like kafka-consumer-groups (list, describe, members, state)
/// plus balance, hot partitions, rebalances, alerts, replica advice and what-if.</summary>
public static class GroupsApi
{
    public const int DefaultWhatIfReplicas = 12;

    /// <summary>A week: the longest drain target the advice accepts.</summary>
    public const int MaxDrainTargetSeconds = 7 * 86_400;

    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Consumer groups");
        api.MapGet("/groups", ListGroups).WithSummary("List the watched groups: the configured ones and those asked for by name");
        api.MapGet("/overview", Overview).WithSummary("Every group's full analysis (the web view's data)");
        api.MapGet("/alerts", AllAlerts).WithSummary("Active alerts of every group");
        api.MapGet("/groups/{group}", Describe).WithSummary("Partitions with offsets, lag and owners (--describe); any group with committed offsets, watched from the first request");
        api.MapGet("/groups/{group}/analysis", Analysis).WithSummary("The group's full analysis");
        api.MapGet("/groups/{group}/members", Members).WithSummary("Members (--describe --members [--verbose])");
        api.MapGet("/groups/{group}/state", State).WithSummary("State, status, health and totals (--describe --state)");
        api.MapGet("/groups/{group}/balance", Balance).WithSummary("Partition spread and load imbalance");
        api.MapGet("/groups/{group}/hot-partitions", HotPartitions).WithSummary("Partitions receiving far more than the median");
        api.MapGet("/groups/{group}/rebalances", Rebalances).WithSummary("Rebalance history and rebalances per hour");
        api.MapGet("/groups/{group}/alerts", Alerts).WithSummary("The group's active alerts, with since-time and value");
        api.MapGet("/groups/{group}/advice", Advice).WithSummary("Replicas needed to drain the lag within a target time");
        api.MapGet("/groups/{group}/what-if", WhatIf).WithSummary("Balance under a strategy and replica count (all when omitted)");
        return app;
    }

    public static Ok<IReadOnlyList<GroupSummary>> ListGroups(AnalysisStore store) =>
        TypedResults.Ok<IReadOnlyList<GroupSummary>>(store.Groups.Select(g => store.Get(g) is { } a
            ? new GroupSummary(g, store.Configured.Contains(g), a.State, a.ActiveMembers, a.Partitions.Count, a.TotalLag, a.AverageLag, a.Status, a.Health.Status, a.Alerts.Count, a.At)
            : new GroupSummary(g, store.Configured.Contains(g), "Unknown", null, 0, 0, 0, BurrowStatus.Ok, "Unknown", 0, default)).ToList());

    public static Ok<IReadOnlyList<GroupAnalysis>> Overview(AnalysisStore store) => TypedResults.Ok(store.All());

    public static Ok<AlertsResponse> AllAlerts(AnalysisStore store) =>
        TypedResults.Ok(new AlertsResponse(store.All().SelectMany(a => a.Alerts).ToList()));

    public static async Task<Results<Ok<DescribeResponse>, ProblemHttpResult>> Describe(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem
            : TypedResults.Ok(DescribeResponse.From(a));
    }

    public static async Task<Results<Ok<GroupAnalysis>, ProblemHttpResult>> Analysis(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem : TypedResults.Ok(a);
    }

    public static async Task<Results<Ok<MembersResponse>, ProblemHttpResult>> Members(string group, bool? verbose, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        if (problem is not null)
        {
            return problem;
        }

        var isVerbose = verbose ?? false;
        var rows = a.Members.Select(m => new MemberRow(m.MemberId, m.Host, m.ClientId, m.Partitions.Count, m.Replica, isVerbose ? m.Partitions : null)).ToList();
        return TypedResults.Ok(new MembersResponse(a.Group, a.MembershipSource, isVerbose, rows, isVerbose ? a.Members : null, a.HasReports ? a.DownMembers : null));
    }

    public static async Task<Results<Ok<StateResponse>, ProblemHttpResult>> State(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new StateResponse(a.Group, a.State, a.StateSource, a.Members.FirstOrDefault()?.Strategy, a.Protocol, a.ProtocolSource,
            a.ActiveMembers, a.MembershipSource, a.Status, a.Health, a.TotalLag, a.AverageLag, a.MaxLag, a.MaxLagSeconds, a.IncomingRate, a.ProcessingRate,
            a.TimeToDrainSeconds, a.MessagesLost, a.HeartbeatFailures, a.CommitSuccessRatio, a.RebalancesPerHour, a.UnknownSignals));
    }

    public static async Task<Results<Ok<BalanceResponse>, ProblemHttpResult>> Balance(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem
            : TypedResults.Ok(new BalanceResponse(a.Group, a.PartitionSpread, a.ImbalancePercent,
                a.Members.Select(m => new MemberLoad(m.Replica, m.MemberId, m.Partitions.Count, m.IncomingRate, m.LoadSharePercent)).ToList()));
    }

    public static async Task<Results<Ok<HotPartitionsResponse>, ProblemHttpResult>> HotPartitions(string group, AnalysisStore store, GroupWatcher watcher, IOptions<AnalyzerOptions> options, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem
            : TypedResults.Ok(new HotPartitionsResponse(a.Group, options.Value.Alerts.HotPartitionFactor, options.Value.Alerts.HotPartitionMinRate, a.HotPartitions));
    }

    public static async Task<Results<Ok<RebalancesResponse>, ProblemHttpResult>> Rebalances(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem : TypedResults.Ok(new RebalancesResponse(a.Group, a.RebalancesPerHour, a.Rebalances));
    }

    public static async Task<Results<Ok<AlertsResponse>, ProblemHttpResult>> Alerts(string group, AnalysisStore store, GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        return problem is not null ? problem : TypedResults.Ok(new AlertsResponse(a.Alerts, a.NotEvaluable));
    }

    public static async Task<Results<Ok<ReplicaAdvice>, ProblemHttpResult>> Advice(string group,
        [Range(1, MaxDrainTargetSeconds, ErrorMessage = "'{0}' must be a whole number of seconds between {1} and {2}")] int? targetSeconds,
        [Range(0.0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "'{0}' must be a positive number of messages per second")] double? replicaRate,
        AnalysisStore store,
        GroupWatcher watcher, IOptions<AnalyzerOptions> options, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        if (problem is not null)
        {
            return problem;
        }

        var target = targetSeconds ?? options.Value.DrainTargetSeconds;
        var capacity = ReplicaAdvisor.Capacity(replicaRate, options.Value.Alerts.CapacityPerReplica, a.MeasuredReplicaCapacity);
        var partitions = a.Partitions.ToDictionary(p => p.Partition, p => (p.Lag, p.IncomingRate));
        // The group's autoscale settings, so the advice is the autoscaler's target.
        return TypedResults.Ok(ReplicaAdvisor.Advise(partitions, a.ActiveMembers, capacity, TimeSpan.FromSeconds(target), options.Value.AutoscaleFor(group)));
    }

    public static async Task<Results<Ok<IReadOnlyList<WhatIfResult>>, ProblemHttpResult>> WhatIf(string group,
        [AssignmentStrategyName] string? strategy,
        [Range(1, WhatIfAnalyzer.MaxReplicas, ErrorMessage = "'{0}' must be a whole number between {1} and {2}")] int? replicas,
        AnalysisStore store,
        GroupWatcher watcher, CancellationToken ct)
    {
        var (problem, a) = await GroupLookup.FindAsync(store, watcher, group, ct);
        if (problem is not null)
        {
            return problem;
        }

        AssignmentStrategy? chosen = AssignmentStrategies.TryParse(strategy, out var parsed) ? parsed : null;
        if (a.Partitions.Count == 0)
        {
            return TypedResults.Problem(title: "Not sampled yet", detail: $"The partitions of '{a.Topic}' are not known yet; retry in a second.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var rates = a.Partitions.ToDictionary(p => p.Partition, p => p.IncomingRate);
        var strategies = chosen is { } s ? [s] : Enum.GetValues<AssignmentStrategy>();
        // Without a replica count: 1..partitions, at most DefaultWhatIfReplicas (predicting thousands of plans per
        // request would make the endpoint slow on large topics), plus the current member count.
        var counts = replicas is { } c ? [c]
            : Enumerable.Range(1, Math.Min(a.Partitions.Count, DefaultWhatIfReplicas)).Append(a.Members.Count)
                .Where(n => n >= 1 && n <= a.Partitions.Count).Distinct().Order().ToArray();
        return TypedResults.Ok<IReadOnlyList<WhatIfResult>>(strategies
            .SelectMany(st => counts.Select(r => WhatIfAnalyzer.Evaluate(st, r, a.Partitions.Count, rates, a.Topic))).ToList());
    }
}
