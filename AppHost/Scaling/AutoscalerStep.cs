namespace OrdersAspire.AppHost.Scaling;

/// <summary>Whether the <see cref="Autoscaler"/> acts on the analyzer's latest decision. Pure.</summary>
public static class AutoscalerStep
{
    /// <summary>A decision older than this is not acted on (the analyzer samples every second).</summary>
    public static readonly TimeSpan MaxDecisionAge = TimeSpan.FromSeconds(15);

    /// <summary>The count to scale to (one step from what runs), or null and why not.</summary>
    /// <param name="running">replicas the AppHost runs now (<see cref="ConsumerGroupScaler.RunningReplicas"/>).</param>
    public static (int? ScaleTo, string Why) Next(Decision decision, int running, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (now - decision.At > MaxDecisionAge)
        {
            return (null, $"the analyzer's latest decision is {(now - decision.At).TotalSeconds:0} s old");
        }

        if (decision.Desired is not { } desired || decision.Current is not { } current)
        {
            return (null, "the analyzer does not know the group's members");
        }

        if (desired == current)
        {
            return (null, $"hold at {current}: {decision.Reason}");
        }
        // The analyzer counts members from their reports: until it sees every running replica (a new one joined, a
        // stopped one gone), the last step has not settled and the next would be taken from a stale count.
        if (current != running)
        {
            return (null, $"waiting for the last step to settle: {running} running, the analyzer sees {current} member(s)");
        }

        if (Math.Abs(desired - current) != 1)
        {
            return (null, $"refusing a step of {desired - current} replicas: the autoscaler moves one at a time");
        }

        return (desired, decision.Reason);
    }

    /// <summary>The fields of the analyzer's <c>AutoscaleStatus</c> the autoscaler reads.</summary>
    public sealed record Status(Decision Latest);

    public sealed record Decision(DateTimeOffset At, string Action, int? Current, int? Desired, int Target, string Reason);
}
