using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.LoadGenerator.Telemetry;

/// <summary>
/// Meter <c>OrdersAspire.LoadGenerator</c>: orders produced and acknowledged, delivery failures (by
/// <c>error.type</c>), the achieved rate and the running jobs. Every measurement carries
/// <c>messaging.destination.name</c>.
/// </summary>
public sealed class LoadGeneratorMetrics
{
    public const string MeterName = "OrdersAspire.LoadGenerator";
    public const string ProducedName = "ordersaspire.loadgen.orders.produced";
    public const string AcknowledgedName = "ordersaspire.loadgen.orders.acknowledged";
    public const string DeliveryFailuresName = "ordersaspire.loadgen.delivery.failures";
    public const string AchievedRateName = "ordersaspire.loadgen.achieved_rate";
    public const string JobsRunningName = "ordersaspire.loadgen.jobs.running";

    private readonly Counter<long> _produced;
    private readonly Counter<long> _acknowledged;
    private readonly Counter<long> _failures;

    public LoadGeneratorMetrics(IMeterFactory meterFactory, GenerationJobs jobs, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        _produced = meter.CreateCounter<long>(ProducedName, "{order}", "Orders handed to the Kafka producer.");
        _acknowledged = meter.CreateCounter<long>(AcknowledgedName, "{order}", "Orders acknowledged by the broker (acks=all).");
        _failures = meter.CreateCounter<long>(DeliveryFailuresName, "{order}", "Orders whose production or delivery failed.");
        meter.CreateObservableGauge(
            AchievedRateName,
            () => RatesByTopic(jobs, time.GetUtcNow()),
            "{order}/s",
            "Acknowledged orders per second of the running jobs, summed per topic.");
        meter.CreateObservableUpDownCounter(
            JobsRunningName,
            () => jobs.Running().Count,
            "{job}",
            "Generation jobs currently running.");
    }

    public void Produced(string topic, int count = 1) =>
        _produced.Add(count, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    public void Acknowledged(string topic) =>
        _acknowledged.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    public void DeliveryFailed(string topic, string errorType) =>
        _failures.Add(1, new TagList
        {
            { "messaging.destination.name", topic },
            { "error.type", errorType },
        });

    private static IEnumerable<Measurement<double>> RatesByTopic(GenerationJobs jobs, DateTimeOffset now) =>
        jobs.Running()
            .GroupBy(job => job.Topic, StringComparer.Ordinal)
            .Select(group => new Measurement<double>(
                group.Sum(job => job.AchievedRatePerSecond(now)),
                new KeyValuePair<string, object?>("messaging.destination.name", group.Key)));
}
