namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>How hard a SQLite store pushes each committed batch to disk (WAL mode in both cases).</summary>
public enum SqliteSynchronous
{
    /// <summary><c>PRAGMA synchronous = NORMAL</c>: a committed batch survives a crash of the process (kill -9), but an
    /// OS crash or power loss may roll back the last committed batches (the WAL is synced at checkpoints only).</summary>
    Normal,

    /// <summary><c>PRAGMA synchronous = FULL</c>: the WAL is synced at every commit, so a committed batch also survives
    /// a power loss; costs one fsync per batch.</summary>
    Full,
}
