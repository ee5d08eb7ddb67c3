using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrdersAspire.AppHost.Topology;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.AppHost.Tests.Topology;

/// <summary><c>Topology:*:Autoscale</c>: refused at start with the key named, and passed to the analyzer as it is.</summary>
public sealed class AutoscaleTopologyTests
{
    private static TopologyOptions Topology(AutoscaleSettings autoscale, int replicas = 1, int? maxReplicas = null) => new()
    {
        Partitions = 6,
        OrderProcessors = new() { Replicas = replicas, MaxReplicas = maxReplicas, AssignmentStrategy = "range", Autoscale = autoscale },
    };

    private static AutoscaleSettings Enabled(int min = 1, int max = 6) => new() { Enabled = true, Min = min, Max = max };

    [Fact]
    public void The_defaults_are_valid_enabled_or_not()
    {
        Assert.Empty(TopologyValidator.Validate(new TopologyOptions()));
        Assert.Empty(TopologyValidator.Validate(Topology(Enabled(), replicas: 3)));
    }

    public static TheoryData<string, TopologyOptions, string> Refused => new()
    {
        { "Min below 1", Topology(new() { Min = 0 }), "Topology:OrderProcessors:Autoscale:Min = 0 must be ≥ 1" },
        { "Max below Min", Topology(new() { Min = 3, Max = 2 }), "Topology:OrderProcessors:Autoscale:Max = 2 must be ≥ Topology:OrderProcessors:Autoscale:Min = 3" },
        { "no lag threshold", Topology(new() { LagThreshold = 0 }), "Topology:OrderProcessors:Autoscale:LagThreshold = 0 must be > 0" },
        { "negative activation", Topology(new() { ActivationLagThreshold = -1 }), "Topology:OrderProcessors:Autoscale:ActivationLagThreshold = -1 must be ≥ 0" },
        { "cooldown out of range", Topology(new() { CooldownSeconds = 7200 }), "Topology:OrderProcessors:Autoscale:CooldownSeconds = 7200 is out of range; allowed 0..3600" },
        { "enabled: Max beyond the partitions", Topology(Enabled(max: 8)), "Topology:OrderProcessors:Autoscale:Max = 8 is more than the group can run: Topology:OrderProcessors:MaxReplicas = 6 (by default the partition count, 6)" },
        { "enabled: Max beyond MaxReplicas", Topology(Enabled(max: 5), maxReplicas: 4), "Topology:OrderProcessors:Autoscale:Max = 5 is more than the group can run: Topology:OrderProcessors:MaxReplicas = 4" },
        { "enabled: the starting count outside Min..Max", Topology(Enabled(min: 2, max: 4), replicas: 1), "Topology:OrderProcessors:Replicas = 1 (the starting count) must be within Topology:OrderProcessors:Autoscale:Min..Max = 2..4" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_with_the_key_named(string name, TopologyOptions topology, string message)
    {
        var errors = TopologyValidator.Validate(topology);
        Assert.True(errors.Any(e => e.StartsWith(message, StringComparison.Ordinal)), $"{name}: {string.Join(" | ", errors)}");
    }

    [Fact]
    public void Disabled_autoscaling_is_not_held_to_the_replica_bounds() =>
        Assert.Empty(TopologyValidator.Validate(Topology(new() { Enabled = false, Min = 2, Max = 8 }, replicas: 1)));

    [Fact]
    public async Task The_analyzer_gets_each_groups_settings()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("orders-apphost-model-").FullName;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"--Topology:DataDirectory={dataDirectory}", "--Topology:OrderProcessors:Replicas=1",
                "--Topology:OrderProcessors:Autoscale:Enabled=true", "--Topology:OrderProcessors:Autoscale:LagThreshold=250",
                "--Topology:OrderProcessors:Autoscale:CooldownSeconds=15",
            ]);
            await using var app = await builder.BuildAsync();
            var analyzer = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == ResourceNames.Analyzer);
            var environment = new Dictionary<string, object>(StringComparer.Ordinal);
            var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), analyzer, environment);
            foreach (var annotation in analyzer.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                try { await annotation.Callback(context); }
                catch (InvalidOperationException) { } // callbacks that need a running application
            }
            var autoscale = environment.Where(e => e.Key.StartsWith("Analyzer__Autoscale__", StringComparison.Ordinal))
                .ToDictionary(e => e.Key, e => e.Value as string);
            Assert.Equal("true", autoscale["Analyzer__Autoscale__order-processors__Enabled"]);
            Assert.Equal("250", autoscale["Analyzer__Autoscale__order-processors__LagThreshold"]);
            Assert.Equal("15", autoscale["Analyzer__Autoscale__order-processors__CooldownSeconds"]);
            Assert.Equal("1", autoscale["Analyzer__Autoscale__order-processors__Min"]);
            Assert.Equal("6", autoscale["Analyzer__Autoscale__order-processors__Max"]);
            Assert.Equal("10", autoscale["Analyzer__Autoscale__order-processors__ActivationLagThreshold"]);
            Assert.Equal("false", autoscale["Analyzer__Autoscale__analytics__Enabled"]);
            Assert.Equal("1000", autoscale["Analyzer__Autoscale__analytics__LagThreshold"]);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
