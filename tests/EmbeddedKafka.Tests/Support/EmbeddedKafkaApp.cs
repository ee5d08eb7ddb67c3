using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrdersAspire.EmbeddedKafka.Tests.Support;

/// <summary>The EmbeddedKafka web app in memory (its own mock cluster), with configuration overrides.</summary>
public sealed class EmbeddedKafkaApp(IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<MockKafkaCluster>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
