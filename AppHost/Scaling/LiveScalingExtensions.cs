using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrdersAspire.AppHost.Topology;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Consumer groups whose replica count changes while the system runs: the dashboard's "Add replica" and
/// "Remove replica" commands, and <see cref="ConsumerGroupScaler"/> for code in the AppHost.</summary>
public static class LiveScalingExtensions
{
    public const string AddReplicaCommand = "add-replica";
    public const string RemoveReplicaCommand = "remove-replica";

    /// <summary>Declares the group's maximum replicas (<c>{configurationKey}:MaxReplicas</c>, by default the partition
    /// count) and runs <see cref="ConsumerGroupTopology.Replicas"/> of them; the rest are started and stopped live.</summary>
    public static IResourceBuilder<ProjectResource> WithLiveScaling(this IResourceBuilder<ProjectResource> service,
        ConsumerGroupTopology group, TopologyOptions topology, string configurationKey)
    {
        var builder = service.ApplicationBuilder;
        var bounds = new ScalingBounds(service.Resource.Name, topology.Topic, topology.Partitions, group.MaxReplicasFor(topology.Partitions), configurationKey);
        Groups(builder).Add(new ScalableGroup(service.Resource, group.Replicas, bounds));
        // A deployment manifest gets the configured count; only a running AppHost keeps spare replicas to start.
        if (!builder.ExecutionContext.IsRunMode)
        {
            return service.WithReplicas(group.Replicas);
        }

        var name = service.Resource.Name;
        return service
            .WithReplicas(bounds.MaxReplicas)
            .WithExplicitStart() // LiveScalingService starts the first group.Replicas of them
            .WithCommand(AddReplicaCommand, "Add replica", context => ScaleByAsync(context, name, +1, "dashboard: Add replica"), new CommandOptions
            {
                Description = $"Starts one more replica of {name} (at most {bounds.MaxReplicas}: a member beyond the " +
                    $"{bounds.Partitions} partitions would sit idle); nothing else restarts.",
                IconName = "AddCircle",
                UpdateState = EnabledOnceKnown,
            })
            .WithCommand(RemoveReplicaCommand, "Remove replica", context => ScaleByAsync(context, name, -1, "dashboard: Remove replica"), new CommandOptions
            {
                Description = $"Stops the most recently added replica of {name} (at least 1 stays): it finishes its batches, " +
                    "commits and leaves the group, which rebalances at once.",
                IconName = "SubtractCircle",
                UpdateState = EnabledOnceKnown,
            });
    }

    /// <summary><c>WaitFor</c> for a live-scaled group: waits until the replicas that run from the start are healthy, not
    /// for the spare replicas that are declared but not started.</summary>
    public static IResourceBuilder<T> WaitForReplicas<T>(this IResourceBuilder<T> dependent, IResourceBuilder<ProjectResource> group)
        where T : IResourceWithWaitSupport
    {
        var builder = dependent.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return dependent.WaitFor(group);
        }

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(dependent.Resource, async (started, cancellationToken) =>
        {
            var notifications = started.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(dependent.Resource, s => s with { State = KnownResourceStates.Waiting }).ConfigureAwait(false);
            await started.Services.GetRequiredService<ConsumerGroupScaler>().WaitUntilRunningAsync(group.Resource.Name, cancellationToken).ConfigureAwait(false);
        });
        return dependent.WithRelationship(group.Resource, "WaitFor");
    }

    private static async Task<ExecuteCommandResult> ScaleByAsync(ExecuteCommandContext context, string group, int delta, string reason)
    {
        var result = await context.Services.GetRequiredService<ConsumerGroupScaler>()
            .ScaleByAsync(group, delta, reason, context.CancellationToken).ConfigureAwait(false);
        return result.Changed ? CommandResults.Success(result.Message) : CommandResults.Failure(result.Message);
    }

    private static ResourceCommandState EnabledOnceKnown(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text is null ? ResourceCommandState.Disabled : ResourceCommandState.Enabled;

    /// <summary>The AppHost's registry of scalable groups, with the scaler (a singleton others may use) and the service
    /// that starts the first replicas; registered with the first group.</summary>
    private static ScalableGroups Groups(IDistributedApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ScalableGroups))?.ImplementationInstance is ScalableGroups known)
        {
            return known;
        }

        var groups = new ScalableGroups();
        builder.Services.AddSingleton(groups);
        builder.Services.AddSingleton(sp => new ConsumerGroupScaler(groups, sp.GetRequiredService<ResourceCommandService>(),
            sp.GetRequiredService<ResourceNotificationService>(), sp.GetRequiredService<ILogger<ConsumerGroupScaler>>()));
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddSingleton(sp => new LiveScalingService(groups, sp.GetRequiredService<ConsumerGroupScaler>(),
                sp.GetRequiredService<ResourceNotificationService>(), sp.GetRequiredService<IHostApplicationLifetime>()));
            builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
            {
                started.Services.GetRequiredService<LiveScalingService>().Start();
                return Task.CompletedTask;
            });
        }
        return groups;
    }
}
