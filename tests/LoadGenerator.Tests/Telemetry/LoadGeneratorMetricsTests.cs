using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrdersAspire.LoadGenerator.Apis;
using OrdersAspire.LoadGenerator.Generation;
using OrdersAspire.LoadGenerator.Telemetry;
using OrdersAspire.LoadGenerator.Tests.Support;

namespace OrdersAspire.LoadGenerator.Tests.Telemetry;

public class LoadGeneratorMetricsTests
{
    [Fact]
    public async Task Metrics_count_every_order_and_show_the_running_job_and_its_rate()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 2);
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LoadGeneratorMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.Start();

        var started = await host.StartJobAsync("""{"count":100000,"ratePerSecond":1000}""");
        await Eventually.ResultAsync(() => host.GetJobAsync(started.Id), j => j.Acknowledged >= 100, LoadGeneratorHost.JobTimeout, "100 acknowledged orders");

        listener.RecordObservableInstruments();
        Assert.Equal(1, totals[LoadGeneratorMetrics.JobsRunningName]);
        Assert.InRange(totals[LoadGeneratorMetrics.AchievedRateName], 1, 1001);

        using (await host.Client.DeleteAsync(OrderGenerationApi.JobPath(started.Id)))
        {
        }

        var job = await host.WaitForFinishAsync(started.Id);
        totals.Remove(LoadGeneratorMetrics.AchievedRateName, out _);
        listener.RecordObservableInstruments();
        Assert.Equal(GenerationState.Cancelled, job.State);
        Assert.Equal(0, totals[LoadGeneratorMetrics.JobsRunningName]);
        Assert.False(totals.ContainsKey(LoadGeneratorMetrics.AchievedRateName)); // no running job, no rate
        Assert.Equal(job.Produced, totals[LoadGeneratorMetrics.ProducedName]);
        Assert.Equal(job.Acknowledged, totals[LoadGeneratorMetrics.AcknowledgedName]);
        Assert.False(totals.ContainsKey(LoadGeneratorMetrics.DeliveryFailuresName));
    }

    [Fact]
    public async Task Delivery_failures_are_counted_and_reported_not_dropped()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 2, settings: new() { ["LoadGenerator:DeliveryTimeout"] = "00:00:03" });
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var failures = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == LoadGeneratorMetrics.DeliveryFailuresName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "error.type")
                {
                    failures.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        host.Cluster.SetBrokerDown(1);

        var started = await host.StartJobAsync("""{"count":20,"ratePerSecond":1000}""");
        var job = await host.WaitForFinishAsync(started.Id);

        Assert.Equal(GenerationState.Failed, job.State);
        Assert.Equal(20, job.Produced);
        Assert.Equal(0, job.Acknowledged);
        Assert.Equal(20, job.Failed);
        Assert.Contains("Local_MsgTimedOut", job.LastError, StringComparison.Ordinal);
        Assert.Equal(20, failures.Values.Sum());
    }
}
