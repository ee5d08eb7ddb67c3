using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrdersAspire.AppHost.Topology;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Wires autoscaling by lag: the analyzer gets each group's <c>Topology:*:Autoscale</c> settings (it decides, and
/// its advice uses them), and where any group has autoscaling enabled the AppHost runs the <see cref="Autoscaler"/> that
/// applies the decisions through <see cref="ConsumerGroupScaler"/>.</summary>
public static class AutoscalerExtensions
{
    public static IResourceBuilder<ProjectResource> WithAutoscaling(this IResourceBuilder<ProjectResource> analyzer,
        params (string Group, AutoscaleSettings Autoscale)[] groups)
    {
        foreach (var (group, autoscale) in groups)
        {
            var prefix = $"Analyzer__Autoscale__{group}__";
            analyzer
                .WithEnvironment(prefix + "Enabled", autoscale.Enabled ? "true" : "false")
                .WithEnvironment(prefix + "Min", Invariant(autoscale.Min))
                .WithEnvironment(prefix + "Max", Invariant(autoscale.Max))
                .WithEnvironment(prefix + "LagThreshold", Invariant(autoscale.LagThreshold))
                .WithEnvironment(prefix + "ActivationLagThreshold", Invariant(autoscale.ActivationLagThreshold))
                .WithEnvironment(prefix + "CooldownSeconds", Invariant(autoscale.CooldownSeconds));
        }

        var enabled = groups.Where(g => g.Autoscale.Enabled).Select(g => g.Group).ToList();
        var builder = analyzer.ApplicationBuilder;
        if (enabled.Count > 0 && builder.ExecutionContext.IsRunMode)
        {
            var endpoint = analyzer.GetEndpoint("http");
            builder.Services.AddHostedService(sp => new Autoscaler(enabled, () => endpoint.IsAllocated ? new Uri(endpoint.Url) : null,
                sp.GetRequiredService<ConsumerGroupScaler>(), TimeProvider.System, sp.GetRequiredService<ILogger<Autoscaler>>()));
        }
        return analyzer;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
