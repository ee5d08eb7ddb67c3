using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.EmbeddedKafka;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.Testing;

/// <summary>The embedded-kafka web app in memory (its own mock cluster), Production environment, with settings. Unless
/// the settings name their own <c>EmbeddedKafka:AdminKey</c>, it runs with <see cref="Key"/> and its clients send it,
/// since the fault API is disabled without a key. A setting whose value is null is left out.</summary>
public sealed class EmbeddedKafkaApp(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<MockKafkaCluster>
{
    public const string Key = "embedded-kafka-test-key";
    private const string AdminKeySetting = "EmbeddedKafka:AdminKey";
    private readonly IReadOnlyDictionary<string, string?> _settings = settings ?? new Dictionary<string, string?>();

    private bool UsesDefaultKey => !_settings.ContainsKey(AdminKeySetting);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (UsesDefaultKey)
        {
            builder.UseSetting(AdminKeySetting, Key);
        }

        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value); // UseSetting would turn null into ""
            }
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (UsesDefaultKey)
        {
            client.DefaultRequestHeaders.Add(AdminKey.HeaderName, Key);
        }
    }
}
