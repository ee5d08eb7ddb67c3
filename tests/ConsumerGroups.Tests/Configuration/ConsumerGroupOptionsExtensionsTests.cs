using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Tests.Configuration;

public sealed class ConsumerGroupOptionsExtensionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    [Fact]
    public void Configuration_overrides_the_service_defaults()
    {
        var builder = Builder(("ConsumerGroup:AssignmentStrategy", "roundrobin"), ("ConsumerGroup:BatchSize", "7"));
        builder.AddConsumerGroupOptions(o => { o.GroupId = "analytics"; o.AssignmentStrategy = "cooperative-sticky"; o.BatchSize = 50; });
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value;
        Assert.Equal(("analytics", AssignmentStrategy.RoundRobin, 7), (options.GroupId, options.Strategy, options.BatchSize));
    }

    [Fact]
    public void Service_defaults_apply_when_configuration_is_silent()
    {
        var builder = Builder();
        builder.AddConsumerGroupOptions(o => { o.GroupId = "analytics"; o.AssignmentStrategy = "cooperative-sticky"; });
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value;
        Assert.Equal(("analytics", AssignmentStrategy.CooperativeSticky), (options.GroupId, options.Strategy));
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_with_the_key_named()
    {
        var builder = Builder(("ConsumerGroup:AssignmentStrategy", "rnage"));
        builder.AddConsumerGroupOptions(o => o.GroupId = "order-processors");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(["ConsumerGroup:AssignmentStrategy = 'rnage' is not valid; allowed: range, roundrobin, cooperative-sticky"], ex.Failures);
    }

    [Fact]
    public async Task A_missing_group_id_stops_the_host_at_start()
    {
        var builder = Builder();
        builder.AddConsumerGroupOptions();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(["ConsumerGroup:GroupId is required"], ex.Failures);
    }
}
