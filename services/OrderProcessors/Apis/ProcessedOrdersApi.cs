using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.OrderProcessors.Apis;

/// <summary>Read access to the group's effect store: what happened to an order, and totals.</summary>
public static class ProcessedOrdersApi
{
    public static IEndpointRouteBuilder MapProcessedOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/processed-orders").WithTags("Processed orders");
        api.MapGet("/stats", GetStats).WithName("GetProcessedOrderStats");
        api.MapGet("/{orderId}", GetProcessedOrder).WithName("GetProcessedOrder");
        return app;
    }

    public static async Task<Results<Ok<ProcessedOrder>, ProblemHttpResult>> GetProcessedOrder(
        string orderId, IOrderEffectStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > 64)
        {
            return TypedResults.Problem(title: "Invalid order id", detail: "orderId must be 1..64 characters", statusCode: StatusCodes.Status400BadRequest);
        }

        var order = await store.FindAsync(orderId, cancellationToken);
        return order is null
            ? TypedResults.Problem(title: "Order not processed", detail: $"No processed order '{orderId}' in this group's store", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(order);
    }

    public static async Task<Ok<ProcessedOrderStats>> GetStats(IOrderEffectStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ProcessedOrderStats(await store.CountAsync(cancellationToken), await store.DuplicatesAbsorbedAsync(cancellationToken)));
}

public sealed record ProcessedOrderStats(long Processed, long DuplicatesAbsorbed);
