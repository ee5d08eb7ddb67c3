using OrdersAspire.Analytics.Processing;
using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Groups;

namespace OrdersAspire.Analytics.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddEffectStore(AnalyticsStoreFactory.Create);
        // The analytics group, with its defaults unless configured otherwise (see GroupDefaults.Analytics for why).
        builder.AddConsumerGroup<AnalyticsHandler>(group =>
        {
            group.GroupId = GroupDefaults.Analytics.GroupId;
            group.AssignmentStrategy = GroupDefaults.Analytics.AssignmentStrategy;
            group.GroupProtocol = GroupDefaults.Analytics.GroupProtocol;
        });
        builder.Services.AddOpenApi();
        return builder;
    }
}
