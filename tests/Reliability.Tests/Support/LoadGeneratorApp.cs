using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>The load generator in memory (Production environment) producing to <paramref name="bootstrap"/>.</summary>
public sealed class LoadGeneratorApp(string bootstrap, string topic) : WebApplicationFactory<GenerationRunner>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:kafka", bootstrap);
        builder.UseSetting("LoadGenerator:Topic", topic);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Aspire:Confluent:Kafka:Producer:DisableMetrics", "true");
    }
}
