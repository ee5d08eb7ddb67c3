using Microsoft.Extensions.Hosting;

namespace OrdersAspire.AppHost.Topology;

/// <summary>Removes an embedded run's data directory once the AppHost has stopped (its resources are gone by then).</summary>
internal sealed class DataDirectoryRemoval(string directory, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(() => TryDelete(directory));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
