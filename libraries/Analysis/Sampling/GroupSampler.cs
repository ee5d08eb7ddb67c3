using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analysis.Sampling;

/// <summary>Every SampleIntervalMs, for each watched group: one <see cref="GroupSampling"/> sample, with its autoscale
/// decision (<see cref="AutoscaleEvaluator"/>) where enabled, published to the store. A failed read is logged and the
/// last analysis kept; after a run of failures the admin client is replaced.</summary>
public sealed partial class GroupSampler(
    KafkaClientFactory kafka,
    GroupSampling sampling,
    AutoscaleEvaluator autoscale,
    AnalysisStore store,
    IOptions<AnalyzerOptions> options,
    TimeProvider time,
    ILogger<GroupSampler> logger) : BackgroundService
{
    private readonly AnalyzerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var admin = kafka.CreateAdminClient();
        try
        {
            var reader = new KafkaGroupReader(admin);
            var failedInARow = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.SampleIntervalMs), time);
            do
            {
                if (await SampleAllAsync(reader, stoppingToken).ConfigureAwait(false))
                {
                    failedInARow = 0;
                    continue;
                }
                if (++failedInARow < ReplaceClientAfterFailures)
                {
                    continue;
                }
                // After a broker outage librdkafka's admin client can keep answering LeaderNotAvailable for partitions
                // whose leader is back (seen against the embedded broker, indefinitely); a new client asks afresh.
                LogReplacingClient(failedInARow);
                admin.Dispose();
                admin = kafka.CreateAdminClient();
                reader = new KafkaGroupReader(admin);
                failedInARow = 0;
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            admin.Dispose();
        }
    }

    /// <summary>Consecutive failed samples after which the admin client is replaced.</summary>
    public const int ReplaceClientAfterFailures = 5;

    /// <summary>One sample of every group; false when any read failed (the failure is logged, the last analysis kept).</summary>
    private async Task<bool> SampleAllAsync(KafkaGroupReader reader, CancellationToken stoppingToken)
    {
        // Partitions and log offsets are the topic's, shared by every group: read them once per sample.
        IReadOnlyDictionary<int, (long Start, long End)> log;
        try
        {
            log = await sampling.ReadLogAsync(reader, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogSampleFailed(ex, _options.Topic, ex.Message);
            return false;
        }

        var allSampled = true;
        foreach (var group in store.Groups)
        {
            try
            {
                store.Set(autoscale.Evaluate(await sampling.SampleAsync(reader, group, log, stoppingToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Keep sampling: a broker hiccup or one bad sample must not stop the analyzer.
                LogSampleFailed(ex, group, ex.Message);
                allSampled = false;
            }
        }
        return allSampled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failures} samples in a row failed: replacing the Kafka admin client")]
    private partial void LogReplacingClient(int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling {What} failed: {Reason}")]
    private partial void LogSampleFailed(Exception exception, string what, string reason);
}
