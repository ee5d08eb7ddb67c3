using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.Analytics.Store;

namespace OrdersAspire.Analytics.Apis;

/// <summary>The aggregates the analytics group maintains.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").WithTags("Analytics");
        api.MapGet("/summary", GetSummary).WithName("GetAnalyticsSummary");
        api.MapGet("/regions", GetRegions).WithName("GetRevenueByRegion");
        api.MapGet("/minutes", GetMinutes).WithName("GetRevenueByMinute");
        api.MapGet("/orders/{orderId}", GetOrder).WithName("GetCountedOrder");
        return app;
    }

    public static async Task<Ok<AnalyticsSummary>> GetSummary(IAnalyticsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AnalyticsSummary(
            await store.CountAsync(cancellationToken),
            await store.DuplicatesAbsorbedAsync(cancellationToken),
            await store.TotalsAsync(cancellationToken)));

    public static async Task<Ok<IReadOnlyList<RegionAggregate>>> GetRegions(IAnalyticsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.RegionTotalsAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<MinuteAggregate>>, ProblemHttpResult>> GetMinutes(
        string? since, IAnalyticsStore store, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return TypedResults.Problem(title: "Invalid 'since'", detail: "since must be an ISO-8601 date-time", statusCode: StatusCodes.Status400BadRequest);
            }

            from = parsed;
        }
        return TypedResults.Ok(await store.MinuteTotalsAsync(from, cancellationToken));
    }

    public static async Task<Results<Ok<CountedOrder>, ProblemHttpResult>> GetOrder(string orderId, IAnalyticsStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > 64)
        {
            return TypedResults.Problem(title: "Invalid order id", detail: "orderId must be 1..64 characters", statusCode: StatusCodes.Status400BadRequest);
        }

        return await store.ContainsAsync(orderId, cancellationToken)
            ? TypedResults.Ok(new CountedOrder(orderId, true))
            : TypedResults.Problem(title: "Order not counted", detail: $"Order '{orderId}' is not in the analytics aggregates", statusCode: StatusCodes.Status404NotFound);
    }
}

public sealed record AnalyticsSummary(long Orders, long DuplicatesAbsorbed, IReadOnlyList<CurrencyTotal> Totals);
public sealed record CountedOrder(string OrderId, bool Counted);
