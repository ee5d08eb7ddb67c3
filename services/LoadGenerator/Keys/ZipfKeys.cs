namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>
/// Zipf's law over the key space: customer number k (0-based) has weight 1 / (k + 1)^skew, so customer 0
/// is the most active. Sampling is a binary search in the precomputed cumulative weights.
/// </summary>
public sealed class ZipfKeys : KeyDistribution
{
    private readonly double[] _cumulative;

    public ZipfKeys(int customers, double skew) : base(customers)
    {
        if (!(skew > 0) || double.IsInfinity(skew))
        {
            throw new ArgumentOutOfRangeException(nameof(skew), skew, "The skew must be a positive finite number.");
        }

        Skew = skew;
        _cumulative = new double[customers];
        var sum = 0.0;
        for (var k = 0; k < customers; k++)
        {
            sum += Math.Pow(k + 1, -skew);
            _cumulative[k] = sum;
        }
    }

    public double Skew { get; }

    /// <summary>The probability that an order belongs to customer <paramref name="customer"/>.</summary>
    public double Probability(int customer)
    {
        var previous = customer == 0 ? 0 : _cumulative[customer - 1];
        return (_cumulative[customer] - previous) / _cumulative[^1];
    }

    public override int NextCustomer(Random random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, u);
        if (index < 0)
        {
            index = ~index;
        }

        return Math.Min(index, Customers - 1);
    }
}
