namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A store's prepared statements on one partition file's write connection (see
/// <see cref="SqlitePartitionFiles{TWriter}"/>).</summary>
public interface ISqlitePartitionWriter : IDisposable
{
    /// <summary>The batch's transaction was rolled back: forget anything kept in memory about it.</summary>
    void RolledBack();
}
