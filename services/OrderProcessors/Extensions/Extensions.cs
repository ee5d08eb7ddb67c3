using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;
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
        // The order-processors group: range assignment unless configured otherwise.
        builder.AddConsumerGroup<OrderProcessingHandler>(group =>
        {
            group.GroupId = "order-processors";
            group.AssignmentStrategy = "range";
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
