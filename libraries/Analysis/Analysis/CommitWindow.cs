namespace OrdersAspire.Analysis;

/// <summary>The last <see cref="Size"/> commits of one partition (Burrow's <c>intervals</c>, 10 by default). The
/// sampler reads committed offsets, so a commit is recorded when the committed offset moved, or when the members
/// report new commit attempts and the offset stayed where it was (a commit of the same offset, which is what
/// Burrow's STALL rule looks for). Entries closer than <see cref="MinDistance"/> to the last one replace it.</summary>
public sealed class CommitWindow(int size = 10, TimeSpan? minDistance = null)
{
    private readonly List<CommitEntry> _entries = [];

    public int Size { get; } = size >= 1 ? size : throw new ArgumentOutOfRangeException(nameof(size));
    public TimeSpan MinDistance { get; } = minDistance ?? TimeSpan.Zero;
    public IReadOnlyList<CommitEntry> Entries => _entries;

    /// <summary>Records an observation; returns whether it became a new entry.</summary>
    public bool Observe(long committed, long lag, DateTimeOffset time, bool commitAttempted)
    {
        if (_entries.Count > 0)
        {
            var last = _entries[^1];
            if (time <= last.Time)
            {
                return false;
            }

            if (committed == last.Offset && !commitAttempted)
            {
                return false;
            }

            if (time - last.Time < MinDistance)
            {
                if (committed == last.Offset)
                {
                    return false;
                }

                _entries[^1] = new CommitEntry(committed, lag, time);
                return false;
            }
        }
        if (_entries.Count == Size)
        {
            _entries.RemoveAt(0);
        }

        _entries.Add(new CommitEntry(committed, lag, time));
        return true;
    }
}
