namespace OrdersAspire.Analysis;

/// <summary>Plans a reset as kafka-consumer-groups does: the new offset per partition, clamped to
/// [log-start, log-end] (an offset outside it is moved to the nearest end).</summary>
public static class OffsetResetPlanner
{
    /// <param name="partitions">the partitions to reset with their current state.</param>
    /// <param name="offsetsForTime">for to=datetime: partition → first offset at or after the time (null: none, use the log end).</param>
    public static IReadOnlyList<OffsetResetRow> Plan(
        OffsetResetRequest request,
        IReadOnlyList<PartitionOffsets> partitions,
        IReadOnlyDictionary<int, long?>? offsetsForTime = null)
    {
        return partitions.OrderBy(p => p.Partition).Select(p =>
        {
            var current = p.Committed;
            long target = request.To switch
            {
                ResetTarget.Earliest => p.LogStart,
                ResetTarget.Latest => p.LogEnd,
                ResetTarget.Offset => request.Offset!.Value,
                ResetTarget.ShiftBy => (current ?? p.LogEnd) + request.ShiftBy!.Value,
                ResetTarget.Datetime => offsetsForTime?.GetValueOrDefault(p.Partition) ?? p.LogEnd,
                _ => throw new ArgumentOutOfRangeException(nameof(request)),
            };
            var clamped = Math.Clamp(target, p.LogStart, Math.Max(p.LogStart, p.LogEnd));
            return new OffsetResetRow(request.Topic, p.Partition, current, clamped, p.LogStart, p.LogEnd);
        }).ToList();
    }
}

/// <summary>A partition's offsets: log start, log end and the group's committed offset (null when none).</summary>
public sealed record PartitionOffsets(int Partition, long LogStart, long LogEnd, long? Committed);

/// <summary>One line of a reset plan, shaped like kafka-consumer-groups' output (TOPIC PARTITION NEW-OFFSET).</summary>
public sealed record OffsetResetRow(string Topic, int Partition, long? CurrentOffset, long NewOffset, long LogStart, long LogEnd);
