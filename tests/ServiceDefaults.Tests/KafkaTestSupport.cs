using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrdersAspire.ServiceDefaults.Tests;

/// <summary>Helpers shared by the tests: unique names and hosts built from in-memory configuration.</summary>
internal static class KafkaTestSupport
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        return builder;
    }
}
