namespace OrdersAspire.Analysis;

public static class CommitSuccess
{
    /// <summary>(attempted − failed) / attempted, clamped to 0..1; 1 when nothing was attempted.</summary>
    public static double Ratio(long attempted, long failed) =>
        attempted <= 0 ? 1 : Math.Clamp((double)(attempted - Math.Max(0, failed)) / attempted, 0, 1);
}
