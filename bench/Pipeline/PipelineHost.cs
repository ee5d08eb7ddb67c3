using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using OrdersAspire.Bench.Running;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.Hosting;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.Bench.Pipeline;

/// <summary>The real consumer pipeline (<see cref="ConsumerGroupHostingExtensions.AddConsumerGroup{THandler}"/>:
/// GroupConsumer, dead letters, rebalance listener, reports, metrics) hosted in this process with
/// <see cref="BenchOrderHandler"/> over the given store, and OpenTelemetry tracing on (SDK, no exporter).</summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipelineHost(IHost host, SpanCounter spans, CompletionRecorder recorder)
    {
        _host = host;
        Spans = spans;
        Recorder = recorder;
    }

    public SpanCounter Spans { get; }
    public CompletionRecorder Recorder { get; }
    public ConsumerState State => _host.Services.GetRequiredService<ConsumerState>();

    /// <param name="settings">Extra configuration, e.g. <c>ConsumerGroup:KeyConcurrency</c>.</param>
    /// <param name="workPerOrder">Simulated per-order work (a remote call's wait) done in the handler's per-order step;
    /// zero runs the handler without a per-order step, as the service does with no simulated work.</param>
    public static async Task<PipelineHost> StartAsync(BenchBroker broker, string groupId, IOrderEffectStore store, CompletionRecorder recorder,
        string? topic = null, bool tracing = true, IReadOnlyDictionary<string, string?>? settings = null, TimeSpan workPerOrder = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = broker.Bootstrap,
            ["ConsumerGroup:GroupId"] = groupId,
            ["ConsumerGroup:Topic"] = topic ?? broker.Topic,
            ["ConsumerGroup:DeadLetterTopic"] = BenchBroker.DeadLetterTopic,
            ["ConsumerGroup:ReportsTopic"] = BenchBroker.ReportsTopic,
            ["ConsumerGroup:ReplicaId"] = "bench-1",
            // Off only for the diagnostic run that separates tracing's cost: no listener, so no spans are created.
            ["Aspire:Confluent:Kafka:DisableTracing"] = tracing ? "false" : "true",
            // As the AppHost configures consumers of the embedded broker.
            [EmbeddedClientSettings.FetchWaitConfigurationKey] = EmbeddedClientSettings.FetchWaitMaxMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        var spans = new SpanCounter();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSingleton(new SimulatedWork(workPerOrder));
        if (workPerOrder > TimeSpan.Zero)
        {
            builder.AddConsumerGroup<WaitingBenchOrderHandler>(_ => { });
        }
        else
        {
            builder.AddConsumerGroup<BenchOrderHandler>(_ => { });
        }

        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddProcessor(spans));

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new PipelineHost(host, spans, recorder);
    }

    /// <summary>Waits until the consumer owns partitions (the group has formed).</summary>
    public async Task WaitForAssignmentAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (State.AssignedPartitions.Count == 0)
        {
            try { await Task.Delay(20, cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw new TimeoutException($"the pipeline got no partitions within {timeout.TotalSeconds:0} s"); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _host.StopAsync(cts.Token).ConfigureAwait(false); }
        finally { _host.Dispose(); }
    }
}
