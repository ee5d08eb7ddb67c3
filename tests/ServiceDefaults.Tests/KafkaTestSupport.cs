using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrdersAspire.ServiceDefaults.Tests;

/// <summary>Helpers shared by the tests: unique names, condition waits and hosts built from in-memory configuration.</summary>
internal static class KafkaTestSupport
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        return builder;
    }
}
