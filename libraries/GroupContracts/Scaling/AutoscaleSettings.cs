namespace OrdersAspire.GroupContracts.Scaling;

/// <summary>One group's autoscaling settings, named as KEDA's Kafka trigger names them (<c>lagThreshold</c>,
/// <c>activationLagThreshold</c>) plus the replica range and the scale-down stabilization window. The AppHost reads them
/// from <c>Topology:&lt;Group&gt;:Autoscale</c> and passes them to the analyzer as <c>Analyzer:Autoscale:&lt;group&gt;</c>
/// (the Kubernetes ScaledObjects are checked against the same values); the replica advice of a group without any uses
/// <see cref="AdviceDefaults"/>.</summary>
public sealed class AutoscaleSettings
{
    /// <summary>Whether the group's replica count follows the rule; when false the rule still shapes the advice.</summary>
    public bool Enabled { get; set; }

    public int Min { get; set; } = 1;

    public int Max { get; set; } = 6;

    /// <summary>Lag one replica is meant to carry: desired replicas = ⌈lag ÷ LagThreshold⌉, as KEDA's Kafka scaler.</summary>
    public long LagThreshold { get; set; } = 1000;

    /// <summary>At or below this total lag the group needs no replica for its lag (KEDA's activation).</summary>
    public long ActivationLagThreshold { get; set; } = 10;

    /// <summary>Scale-down stabilization window: the highest recommendation within it wins, as the HPA's.</summary>
    public int CooldownSeconds { get; set; } = 60;

    public TimeSpan Cooldown => TimeSpan.FromSeconds(CooldownSeconds);

    /// <summary>For the advice of a group without settings: KEDA's defaults with the lesson's lag threshold (1000, the
    /// health threshold per partition), at most one replica per partition.</summary>
    public static AutoscaleSettings AdviceDefaults() => new() { Max = MaxReplicas };

    /// <summary>The most replicas any setting may ask for.</summary>
    public const int MaxReplicas = 1000;

    /// <param name="key">the configuration key the settings come from, to name in each message.</param>
    public IEnumerable<string> Validate(string key)
    {
        if (Min < 1)
        {
            yield return $"{key}:Min = {Min} must be ≥ 1 (a group scaled to zero has no member left to measure its capacity)";
        }

        if (Max < Min)
        {
            yield return $"{key}:Max = {Max} must be ≥ {key}:Min = {Min}";
        }

        if (Max > MaxReplicas)
        {
            yield return $"{key}:Max = {Max} must be ≤ {MaxReplicas}";
        }

        if (LagThreshold < 1)
        {
            yield return $"{key}:LagThreshold = {LagThreshold} must be > 0 (messages of lag one replica carries)";
        }

        if (ActivationLagThreshold < 0)
        {
            yield return $"{key}:ActivationLagThreshold = {ActivationLagThreshold} must be ≥ 0";
        }

        if (CooldownSeconds is < 0 or > 3600)
        {
            yield return $"{key}:CooldownSeconds = {CooldownSeconds} is out of range; allowed 0..3600 (the HPA's range)";
        }
    }
}
