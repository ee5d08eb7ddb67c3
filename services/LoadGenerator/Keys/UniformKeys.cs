namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>Every customer equally likely.</summary>
public sealed class UniformKeys(int customers) : KeyDistribution(customers)
{
    public override int NextCustomer(Random random) => random.Next(Customers);
}
