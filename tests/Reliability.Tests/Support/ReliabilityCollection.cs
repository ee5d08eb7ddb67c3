namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>Tests that run service processes run one at a time on two shared cores (each still has its own broker,
/// topics, groups and stores, so nothing is shared between them).</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability: service processes";
}
