using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Configuration;

public static class ConsumerGroupOptionsExtensions
{
    /// <summary>Binds <see cref="ConsumerGroupOptions"/> from the <c>ConsumerGroup</c> section over the service's
    /// <paramref name="defaults"/> (configuration wins), and validates at start-up.</summary>
    public static OptionsBuilder<ConsumerGroupOptions> AddConsumerGroupOptions(
        this IHostApplicationBuilder builder, Action<ConsumerGroupOptions>? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsumerGroupOptions>, ConsumerGroupOptionsValidator>());
        var options = builder.Services.AddOptions<ConsumerGroupOptions>();
        if (defaults is not null)
        {
            options.Configure(defaults);
        }

        return options
            .Bind(builder.Configuration.GetSection(ConsumerGroupOptions.SectionName))
            .ValidateOnStart();
    }
}
