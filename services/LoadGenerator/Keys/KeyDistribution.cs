namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>Chooses the customer (0-based number in the key space) of the next order.</summary>
public abstract class KeyDistribution
{
    protected KeyDistribution(int customers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        Customers = customers;
    }

    public int Customers { get; }

    public abstract int NextCustomer(Random random);
}
