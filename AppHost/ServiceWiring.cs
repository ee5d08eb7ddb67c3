using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.AppHost.Kafka;
using OrdersAspire.AppHost.Topology;

namespace OrdersAspire.AppHost;

/// <summary>The settings every consumer-group service receives, in one place so Program.cs stays a diagram.</summary>
internal static class ServiceWiring
{
    public static IResourceBuilder<ProjectResource> WithConsumerGroup(
        this IResourceBuilder<ProjectResource> service, string groupId, ConsumerGroupTopology group,
        TopologyOptions topology, string dataDirectory) =>
        service
            .WithEnvironment("ConsumerGroup__GroupId", groupId)
            .WithEnvironment("ConsumerGroup__Topic", topology.Topic)
            .WithEnvironment("ConsumerGroup__DeadLetterTopic", topology.DeadLetterTopic)
            .WithEnvironment("ConsumerGroup__ReportsTopic", topology.ReportsTopic)
            .WithEnvironment("ConsumerGroup__AssignmentStrategy", group.AssignmentStrategy)
            .WithEnvironment("ConsumerGroup__GroupProtocol", group.GroupProtocol)
            // One SQLite directory per group, one file per partition inside, shared by its replicas (WAL mode).
            .WithEnvironment("ConnectionStrings__effects", $"Data Source={Path.Combine(dataDirectory, groupId)}");

    /// <summary>The run's data directory (see <see cref="DataDirectoryPlan"/>): created now; in embedded mode owned by
    /// this process (its pid in <see cref="DataDirectoryPlan.OwnerFile"/>), removed when the AppHost stops, and the
    /// leftovers of earlier runs that died are swept.</summary>
    public static string PrepareDataDirectory(this IDistributedApplicationBuilder builder, TopologyOptions topology)
    {
        var temp = Path.GetTempPath();
        var plan = DataDirectoryPlan.For(topology.DataDirectory, builder.Configuration[KafkaResourceBuilderExtensions.ModeKey],
            builder.AppHostDirectory, temp, Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(plan.Directory);
        if (plan.RemoveOnStop)
        {
            File.WriteAllText(Path.Combine(plan.Directory, DataDirectoryPlan.OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            SweepLeftovers(Path.Combine(temp, DataDirectoryPlan.RootName));
            builder.Services.AddHostedService(sp => new DataDirectoryRemoval(plan.Directory, sp.GetRequiredService<IHostApplicationLifetime>()));
        }
        return plan.Directory;
    }

    private static void SweepLeftovers(string root)
    {
        var runs = Directory.EnumerateDirectories(root).Select(directory =>
        {
            var owner = Path.Combine(directory, DataDirectoryPlan.OwnerFile);
            try { return (directory, File.Exists(owner) ? File.ReadAllText(owner) : null); }
            catch (IOException) { return (directory, (string?)null); }
        }).ToList();
        foreach (var leftover in DataDirectoryPlan.Leftovers(runs, IsAlive))
        {
            DataDirectoryRemoval.TryDelete(leftover);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
