namespace OrdersAspire.AppHost.Topology;

/// <summary><c>Topology:&lt;Group&gt;:Autoscale</c>: autoscaling of a consumer group by lag, with the keys and defaults of
/// KEDA's Kafka trigger (the Kubernetes ScaledObjects are checked against them). The AppHost passes them to the analyzer,
/// which decides (and uses them for its replica advice, enabled or not); where <see cref="Enabled"/>, the AppHost's
/// autoscaler applies the decisions.</summary>
public sealed class AutoscaleTopology
{
    public bool Enabled { get; set; }
    public int Min { get; set; } = 1;
    public int Max { get; set; } = 6;
    public long LagThreshold { get; set; } = 1000;
    public long ActivationLagThreshold { get; set; } = 10;
    public int CooldownSeconds { get; set; } = 60;

    /// <summary>The values must make sense whether enabled or not (the advice uses them); the bounds against the group's
    /// replicas only matter when enabled.</summary>
    public IEnumerable<string> Validate(string groupKey, ConsumerGroupTopology group, int partitions)
    {
        var key = groupKey + ":Autoscale";
        if (Min < 1)
            yield return $"{key}:Min = {Min} must be ≥ 1 (a group scaled to zero has no member left to measure its capacity)";
        if (Max < Min)
            yield return $"{key}:Max = {Max} must be ≥ {key}:Min = {Min}";
        if (LagThreshold < 1)
            yield return $"{key}:LagThreshold = {LagThreshold} must be > 0 (messages of lag one replica carries)";
        if (ActivationLagThreshold < 0)
            yield return $"{key}:ActivationLagThreshold = {ActivationLagThreshold} must be ≥ 0";
        if (CooldownSeconds is < 0 or > 3600)
            yield return $"{key}:CooldownSeconds = {CooldownSeconds} is out of range; allowed 0..3600";
        if (!Enabled)
            yield break;
        var maxReplicas = group.MaxReplicasFor(partitions);
        if (Max > maxReplicas)
        {
            yield return $"{key}:Max = {Max} is more than the group can run: {groupKey}:MaxReplicas = {maxReplicas}"
                + (group.MaxReplicas is null ? $" (by default the partition count, {partitions})" : "");
        }
        if (group.Replicas < Min || group.Replicas > Max)
            yield return $"{groupKey}:Replicas = {group.Replicas} (the starting count) must be within {key}:Min..Max = {Min}..{Max}";
    }
}
