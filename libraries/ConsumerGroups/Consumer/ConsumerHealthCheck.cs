using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Healthy while the loop runs (a member with no partitions is healthy: the group may have more
/// members than partitions); Degraded while a transient failure is being retried; Unhealthy once it failed, or while a
/// partition is stopped at a dead letter the broker rejects.</summary>
public sealed class ConsumerHealthCheck(ConsumerState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["phase"] = state.Phase.ToString(),
            ["memberId"] = state.MemberId ?? "",
            ["assignedPartitions"] = string.Join(",", state.AssignedPartitions),
            ["processed"] = state.Counters().Processed,
        };
        var blocked = state.BlockedPartitions;
        if (blocked.Count > 0 && state.Phase is not (ConsumerPhase.Failed or ConsumerPhase.Stopped))
        {
            data["blockedPartitions"] = string.Join(",", blocked.Keys);
            var (partition, reason) = blocked.First();
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"partition(s) [{data["blockedPartitions"]}] stopped at a dead letter the broker rejects (partition {partition}: {reason}); retrying", data: data));
        }
        var result = state.Phase switch
        {
            ConsumerPhase.Failed => HealthCheckResult.Unhealthy($"consumer stopped: {state.LastError}", data: data),
            ConsumerPhase.Retrying => HealthCheckResult.Degraded($"retrying a transient failure: {state.LastError}", data: data),
            ConsumerPhase.Stopped => HealthCheckResult.Unhealthy("consumer stopped", data: data),
            _ => HealthCheckResult.Healthy($"{state.Phase}, partitions [{data["assignedPartitions"]}]", data),
        };
        return Task.FromResult(result);
    }
}
