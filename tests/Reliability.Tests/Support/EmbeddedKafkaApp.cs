using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.EmbeddedKafka;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>The embedded-kafka web app in memory (its own mock cluster), Production environment, with settings.</summary>
public sealed class EmbeddedKafkaApp(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<MockKafkaCluster>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}
