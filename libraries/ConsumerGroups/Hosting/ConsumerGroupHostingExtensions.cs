using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Offsets;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Hosting;

public static class ConsumerGroupHostingExtensions
{
    /// <summary>Runs a consumer group member in this service: options from the <c>ConsumerGroup</c> section
    /// (validated at start), Kafka from <c>ConnectionStrings:kafka</c>, <typeparamref name="THandler"/> applying the
    /// effects, plus dead letters, rebalance tracking, reports to the reports topic, metrics and a health check.</summary>
    public static IHostApplicationBuilder AddConsumerGroup<THandler>(this IHostApplicationBuilder builder, Action<ConsumerGroupOptions> defaults)
        where THandler : class, IOrderBatchHandler
    {
        builder.AddConsumerGroupOptions(defaults);
        builder.AddKafkaClientFactory("kafka");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsumerState>();
        builder.Services.AddSingleton<ConsumerMetrics>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<ConsumerReportPublisher>();
        builder.Services.AddSingleton<RebalanceHistory>();
        builder.Services.AddSingleton<ReportRequest>();
        builder.Services.AddSingleton<ConsumerEventRecorder>();
        builder.Services.AddSingleton<PartitionAssignmentHandler>();
        builder.Services.AddSingleton<OffsetCommitter>();
        builder.Services.AddSingleton<ResumePositions>();
        builder.Services.AddSingleton<HeartbeatFailureWatcher>();
        builder.Services.AddSingleton<IOrderBatchHandler, THandler>();
        builder.Services.AddSingleton<PartitionBatchProcessor>();
        builder.Services.AddHostedService<GroupConsumer>();
        builder.Services.AddHealthChecks().AddCheck<ConsumerHealthCheck>("consumer");
        return builder;
    }
}
