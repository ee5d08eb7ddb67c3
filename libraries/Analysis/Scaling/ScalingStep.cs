namespace OrdersAspire.Analysis.Scaling;

/// <summary>One step of the autoscaler: from <see cref="Current"/> members to <see cref="Desired"/> (± one replica, or
/// the same), given the rule's <see cref="Target"/> and the highest recommendation within the stabilization window.</summary>
public sealed record ScalingStep(int? Current, int Target, int Stabilized, int? Desired, string Action, string Reason);

public static class ScalingActions
{
    public const string ScaleUp = "scale-up";
    public const string ScaleDown = "scale-down";
    public const string Hold = "hold";
}
