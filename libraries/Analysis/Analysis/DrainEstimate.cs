namespace OrdersAspire.Analysis;

/// <summary>How long the backlog takes to clear at the current rates.</summary>
public static class DrainEstimate
{
    /// <summary>Zero without lag; lag / (processing − incoming) when the group gains on the backlog; null (never at
    /// current rates) when it does not.</summary>
    public static TimeSpan? TimeToDrain(long lag, double processingRate, double incomingRate)
    {
        if (lag <= 0)
        {
            return TimeSpan.Zero;
        }

        var net = processingRate - incomingRate;
        return net <= 0 ? null : TimeSpan.FromSeconds(lag / net);
    }
}
