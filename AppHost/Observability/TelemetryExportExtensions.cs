using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OrdersAspire.AppHost.Observability;

/// <summary>How often every service exports its metrics over OTLP. Aspire asks for every second in development, so the
/// dashboard's charts move at once; with eight service processes that export alone kept a good share of a core busy on
/// an idle system. <c>Observability:MetricExportIntervalMs</c> (default 5,000) sets it for every project; traces and logs
/// keep Aspire's one-second batches, which cost nothing when there is nothing to send.</summary>
public static class TelemetryExportExtensions
{
    public const string IntervalKey = "Observability:MetricExportIntervalMs";
    public const int DefaultIntervalMs = 5_000;

    public static IDistributedApplicationBuilder UseMetricExportInterval(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[IntervalKey];
        var interval = DefaultIntervalMs;
        if (!string.IsNullOrWhiteSpace(configured)
            && (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval is < 100 or > 600_000))
        {
            throw new InvalidOperationException($"{IntervalKey} = '{configured}' is not valid; allowed: 100..600000 (milliseconds)");
        }

        var value = interval.ToString(CultureInfo.InvariantCulture);
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            // Added last, so it wins over the value Aspire's own OTLP callback sets.
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = value));
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
