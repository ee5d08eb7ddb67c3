using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ServiceDefaults.Tests;

public sealed class ServiceDefaultsEndpointsTests
{
    [Fact]
    public async Task Health_alive_and_metrics_answer_in_production_on_a_real_kestrel()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>());
        using var client = CreateClient(app);

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");
        var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.RootElement.GetProperty("entries").GetProperty("self").GetProperty("status").GetString());

        var exposition = await metrics.Content.ReadAsStringAsync();
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE ", exposition, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections", exposition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_configured_the_prometheus_endpoint_still_answers()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
        });
        using var client = CreateClient(app);

        var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_kafka_and_metrics_expose_kafka_client_statistics()
    {
        using var cluster = MockKafkaCluster.Start(1);
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = cluster.BootstrapServers,
            ["Aspire:Confluent:Kafka:Producer:Config:statistics.interval.ms"] = "100",
        }, builder => builder.AddKafkaProducer<string, string>("kafka"));
        using var client = CreateClient(app);
        var producer = app.Services.GetRequiredService<Confluent.Kafka.IProducer<string, string>>();
        var topic = KafkaTestSupport.UniqueName("endpoints");
        cluster.CreateTopic(topic, 1);
        await producer.ProduceAsync(topic, new Confluent.Kafka.Message<string, string> { Key = "k", Value = "v" });

        using var report = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var kafka = report.RootElement.GetProperty("entries").GetProperty(KafkaHealthCheck.Name);
        Assert.Equal("Healthy", kafka.GetProperty("status").GetString());
        Assert.Equal(cluster.BootstrapServers, kafka.GetProperty("data").GetProperty("bootstrapServers").GetString());

        var alive = await client.GetStringAsync("/alive");
        Assert.DoesNotContain(KafkaHealthCheck.Name, alive, StringComparison.Ordinal);

        string exposition = "";
        await Eventually.UntilAsync(
            () =>
            {
                exposition = client.GetStringAsync("/metrics").GetAwaiter().GetResult();
                return exposition.Contains("kafka_client_messages_sent", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(15),
            "kafka_client_messages_sent in /metrics");
        Assert.Contains(producer.Name, exposition, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(IDictionary<string, string?> configuration, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(ServiceDefaultsEndpointsTests).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static HttpClient CreateClient(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }
}
