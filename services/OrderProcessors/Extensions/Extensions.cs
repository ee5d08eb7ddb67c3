using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Groups;
using OrdersAspire.OrderProcessors.Processing;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.OrderProcessors.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderProcessingOptions>()
            .Bind(builder.Configuration.GetSection(OrderProcessingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddEffectStore(OrderEffectStoreFactory.Create);
        // The order-processors group, with its defaults unless configured otherwise.
        builder.AddConsumerGroup<OrderProcessingHandler>(group =>
        {
            group.GroupId = GroupDefaults.OrderProcessors.GroupId;
            group.AssignmentStrategy = GroupDefaults.OrderProcessors.AssignmentStrategy;
            group.GroupProtocol = GroupDefaults.OrderProcessors.GroupProtocol;
        });
        builder.Services.AddOpenApi();
        return builder;
    }
}
