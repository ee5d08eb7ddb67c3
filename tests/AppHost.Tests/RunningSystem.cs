using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Tests;

/// <summary>The whole AppHost started through Aspire.Hosting.Testing (embedded Kafka, random ports, no
/// dashboard), with helpers to wait on its resources. Disposing stops every process it started.</summary>
public sealed class RunningSystem : IAsyncDisposable
{
    public static readonly string[] Services = ["load-generator", "order-processors", "analytics", "analyzer"];
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private RunningSystem(DistributedApplication app) => App = app;

    public DistributedApplication App { get; }

    public static async Task<RunningSystem> StartAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. args, "--Kafka:Embedded:GroupInitialRebalanceDelayMs=500"], cts.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
            // Health probes fail while resources start; that is expected, not worth a stack trace each.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync(cts.Token);
        var system = new RunningSystem(app);
        try
        {
            await app.StartAsync(cts.Token);
            await system.WaitForHealthyAsync(["kafka-broker", "kafka", .. Services], cts.Token);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async Task WaitForHealthyAsync(IEnumerable<string> resources, CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }

    public HttpClient Http(string resource) => App.CreateHttpClient(resource, "http");

    public Task<string?> KafkaBootstrapAsync(CancellationToken cancellationToken) =>
        App.GetConnectionStringAsync("kafka", cancellationToken).AsTask();

    /// <summary>The replica instances of a project that are currently Running, by DCP resource id.</summary>
    public async Task<IReadOnlySet<string>> WaitForRunningReplicasAsync(string resource, int expected, CancellationToken cancellationToken)
    {
        var running = new HashSet<string>();
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name != resource) continue;
            if (e.Snapshot.State?.Text == KnownResourceStates.Running) running.Add(e.ResourceId);
            else running.Remove(e.ResourceId);
            if (running.Count == expected) break;
        }
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await App.StopAsync(cts.Token); }
        catch (Exception) { /* disposal below still tears the processes down */ }
        await App.DisposeAsync();
    }
}
