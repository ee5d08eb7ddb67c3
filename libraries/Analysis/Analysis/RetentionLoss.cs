namespace OrdersAspire.Analysis;

/// <summary>Data lost to retention: a committed offset behind the partition's log start means the messages between
/// them were deleted before the group read them; the consumer will skip them (auto.offset.reset).</summary>
public static class RetentionLoss
{
    public static long Skipped(long? committed, long logStart) =>
        committed is { } c && c >= 0 && c < logStart ? logStart - c : 0;
}
