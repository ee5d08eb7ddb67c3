using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Registers a service's effect store as a singleton built from <c>ConnectionStrings:effects</c> (see
/// <see cref="EffectStoreConnection"/>); the default SQLite directory is named after
/// <see cref="ConsumerGroupOptions.GroupId"/> (register the options first with
/// <see cref="ConsumerGroupOptionsExtensions.AddConsumerGroupOptions"/>). Each service owns its store and passes its
/// own factory.</summary>
public static class EffectStoreExtensions
{
    public static IHostApplicationBuilder AddEffectStore<TStore>(this IHostApplicationBuilder builder,
        Func<EffectStoreConnection, TStore> create) where TStore : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddSingleton(sp => create(ResolveConnection(sp, builder)));
        return builder;
    }

    public static EffectStoreConnection ResolveConnection(IServiceProvider services, IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(builder);
        var groupId = services.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value.GroupId;
        return EffectStoreConnection.Resolve(
            builder.Configuration.GetConnectionString(EffectStoreConnection.ConnectionStringName),
            groupId,
            builder.Environment.ContentRootPath);
    }
}
