using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrdersAspire.AppHost;
using OrdersAspire.GroupContracts.Groups;

namespace OrdersAspire.Observability.Tests.Support;

/// <summary>The whole AppHost (embedded Kafka, Prometheus as an executable resource) started once through
/// Aspire.Hosting.Testing, with a load job producing orders for the whole time the tests look at it. When the
/// <c>prometheus</c> binary is missing nothing is started: the tests skip (or fail under CI).</summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    public static readonly string[] Services = [ResourceNames.LoadGenerator, ResourceNames.OrderProcessors, ResourceNames.Analytics, ResourceNames.Analyzer];
    public static readonly string[] Groups = [GroupDefaults.OrderProcessors.GroupId, GroupDefaults.Analytics.GroupId];

    /// <summary>Replicas per service with the AppHost's default topology.</summary>
    public static readonly IReadOnlyDictionary<string, int> Replicas = new Dictionary<string, int>
    {
        [ResourceNames.LoadGenerator] = 1,
        [ResourceNames.OrderProcessors] = 3,
        [ResourceNames.Analytics] = 2,
        [ResourceNames.Analyzer] = 1,
    };

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(420);

    /// <summary>How long after the load starts every expected series must be there.</summary>
    public static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(120);

    // 200 orders/s for 200 s: the load outlives the tests, so rates never drop to nothing mid-check.
    private const string LoadJob = """{"count":40000,"ratePerSecond":200}""";

    private DistributedApplication? _app;
    private HttpClient? _prometheusHttp;

    public PrometheusApi Prometheus => new(_prometheusHttp ?? throw new InvalidOperationException("The system was not started"));

    /// <summary>Every check that waits for data gives up at this instant.</summary>
    public DateTimeOffset DataDeadline { get; private set; }

    public async Task InitializeAsync()
    {
        if (PrometheusTools.Find("prometheus") is null)
        {
            return;
        }

        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Kafka:Embedded:GroupInitialRebalanceDelayMs=500", "--Observability:Prometheus=executable"], cts.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            // Prometheus logs everything to stderr, which would show as errors.
            .AddFilter("AppHost.Resources.prometheus", LogLevel.None));
        _app = await builder.BuildAsync(cts.Token);
        await _app.StartAsync(cts.Token);
        foreach (var resource in (string[])[ResourceNames.KafkaBroker, ResourceNames.Kafka, .. Services, ResourceNames.Prometheus])
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }

        using var loadGenerator = _app.CreateHttpClient(ResourceNames.LoadGenerator, "http");
        using var response = await loadGenerator.PostAsync("/api/orders/generate",
            new StringContent(LoadJob, System.Text.Encoding.UTF8, "application/json"), cts.Token);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/orders/generate answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cts.Token)}");
        }

        DataDeadline = DateTimeOffset.UtcNow + DataTimeout;
        _prometheusHttp = new HttpClient { BaseAddress = _app.GetEndpoint(ResourceNames.Prometheus, "http"), Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Skips the test when Prometheus is not installed (fails it under CI).</summary>
    public void RequirePrometheus()
    {
        PrometheusTools.Require("prometheus");
        Assert.True(_prometheusHttp is not null, "The AppHost did not start Prometheus");
    }

    /// <summary>Polls <paramref name="check"/> (which returns what is still missing, empty when satisfied) every
    /// 3 s until it is satisfied or <see cref="DataDeadline"/> passes; returns what was still missing.</summary>
    public async Task<IReadOnlyList<string>> UntilSatisfiedAsync(Func<CancellationToken, Task<IReadOnlyList<string>>> check)
    {
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var missing = await check(attempt.Token);
            if (missing.Count == 0 || DateTimeOffset.UtcNow >= DataDeadline)
            {
                return missing;
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    public async Task DisposeAsync()
    {
        _prometheusHttp?.Dispose();
        if (_app is null)
        {
            return;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await _app.StopAsync(cts.Token); }
        catch (Exception) { /* disposal below still tears the processes down */ }
        await _app.DisposeAsync();
    }
}
