namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>Scenarios run real replica processes; on two cores they run one at a time (each still has its own
/// broker, group and store, so nothing is shared).</summary>
[CollectionDefinition(Name)]
public sealed class ScenarioCollection
{
    public const string Name = "Replica process scenarios";
}
