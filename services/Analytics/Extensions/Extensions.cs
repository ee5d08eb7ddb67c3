using OrdersAspire.Analytics.Processing;
using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddEffectStore(AnalyticsStoreFactory.Create);
        // Aggregates are partition-local state: cooperative-sticky keeps partitions where they are on rebalance.
        builder.AddConsumerGroup<AnalyticsHandler>(group =>
        {
            group.GroupId = "analytics";
            group.AssignmentStrategy = "cooperative-sticky";
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
