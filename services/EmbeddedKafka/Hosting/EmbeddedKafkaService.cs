using Microsoft.Extensions.Options;

namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>Starts the mock cluster with its topics when the host starts, and destroys it when the host stops.</summary>
public sealed partial class EmbeddedKafkaService(
    IOptions<EmbeddedKafkaOptions> options,
    EmbeddedKafkaState state,
    ILoggerFactory loggerFactory,
    ILogger<EmbeddedKafkaService> logger) : IHostedService
{
    private MockKafkaCluster? cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = MockKafkaCluster.Start(settings.Brokers, loggerFactory.CreateLogger("OrdersAspire.EmbeddedKafka.librdkafka"));
        try
        {
            foreach (var topic in settings.Topics)
            {
                started.CreateTopic(topic.Name, topic.Partitions);
            }

            started.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(settings.GroupInitialRebalanceDelayMs));
            if (settings.BootstrapFile is { } file)
            {
                await WriteBootstrapFileAsync(file, started.BootstrapServers, cancellationToken);
            }
        }
        catch
        {
            started.Dispose();
            throw;
        }

        cluster = started;
        state.Publish(started);
        LogReady(started.BootstrapServers, started.BrokerCount, string.Join(",", started.Topics.Select(t => $"{t.Name}({t.Partitions})")));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        state.Publish(null);
        try
        {
            if (options.Value.BootstrapFile is { } file)
            {
                File.Delete(file);
            }
        }
        finally
        {
            if (cluster is { } running)
            {
                running.Dispose();
                LogStopped(running.BootstrapServers);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees a partial bootstrap string.</summary>
    private static async Task WriteBootstrapFileAsync(string file, string bootstrapServers, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, bootstrapServers, cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Kafka ready: bootstrap={BootstrapServers} brokers={Brokers} topics={Topics}")]
    private partial void LogReady(string bootstrapServers, int brokers, string topics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Kafka stopped: bootstrap={BootstrapServers}")]
    private partial void LogStopped(string bootstrapServers);
}
