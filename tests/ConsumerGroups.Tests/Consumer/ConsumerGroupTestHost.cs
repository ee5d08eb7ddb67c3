using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Consumer;

/// <summary>The consumer-group registration of a service, built and never started: tests resolve its parts (the
/// loop does not run, so nothing joins a group).</summary>
internal static class ConsumerGroupTestHost
{
    public static IHost Build<THandler>(string bootstrapServers, string groupId, TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null, THandler? handler = null) where THandler : class, IOrderBatchHandler
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = bootstrapServers,
            ["ConsumerGroup:ReplicaId"] = "test-1",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddConsumerGroup<THandler>(group => group.GroupId = groupId);
        if (handler is not null)
        {
            builder.Services.AddSingleton<IOrderBatchHandler>(handler);
        }

        return builder.Build();
    }

    /// <summary>A handler whose effects are nothing: for tests of the parts around it.</summary>
    public sealed class NoEffects : IOrderBatchHandler
    {
        public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken) =>
            Task.FromResult(new ApplyResult(batch.Count, 0));
    }
}
