namespace OrdersAspire.Analysis;

/// <summary>Where a group's state and protocol come from: the broker (DescribeConsumerGroups), the consumers' reports,
/// or nowhere (<c>unknown</c>).</summary>
public static class SignalSources
{
    public const string Broker = "broker";
    public const string Reports = "reports";
    public const string Unknown = "unknown";
}
