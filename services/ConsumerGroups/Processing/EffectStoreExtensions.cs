using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Registers a group's store as a singleton, from <c>ConnectionStrings:effects</c> (see
/// <see cref="EffectStoreConnection"/>); the default SQLite file is named after <see cref="ConsumerGroupOptions.GroupId"/>
/// (register the options first with <see cref="ConsumerGroupOptionsExtensions.AddConsumerGroupOptions"/>).</summary>
public static class EffectStoreExtensions
{
    public static IHostApplicationBuilder AddOrderEffectStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => EffectStoreFactory.CreateOrderEffectStore(ResolveConnection(sp, builder)));
        return builder;
    }

    public static IHostApplicationBuilder AddAnalyticsStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => EffectStoreFactory.CreateAnalyticsStore(ResolveConnection(sp, builder)));
        return builder;
    }

    private static EffectStoreConnection ResolveConnection(IServiceProvider services, IHostApplicationBuilder builder)
    {
        var groupId = services.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value.GroupId;
        return EffectStoreConnection.Resolve(
            builder.Configuration.GetConnectionString(EffectStoreConnection.ConnectionStringName),
            groupId,
            builder.Environment.ContentRootPath);
    }
}
