using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.EmbeddedKafka.Tests.Support;

/// <summary>The EmbeddedKafka web app in memory (its own mock cluster), with configuration overrides. Unless the
/// settings name their own <c>EmbeddedKafka:AdminKey</c>, it runs with <see cref="Key"/> and its clients send it,
/// since the fault API is disabled without a key.</summary>
public sealed class EmbeddedKafkaApp(IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<MockKafkaCluster>
{
    public const string Key = "embedded-kafka-test-key";
    private const string AdminKeySetting = "EmbeddedKafka:AdminKey";
    private readonly IReadOnlyDictionary<string, string?> _settings = settings ?? new Dictionary<string, string?>();

    private bool UsesDefaultKey => !_settings.ContainsKey(AdminKeySetting);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (UsesDefaultKey) builder.UseSetting(AdminKeySetting, Key);
        foreach (var (key, value) in _settings)
        {
            if (value is not null) builder.UseSetting(key, value); // null: leave the setting out (UseSetting would make it "")
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (UsesDefaultKey) client.DefaultRequestHeaders.Add(AdminKey.HeaderName, Key);
    }
}
