namespace OrdersAspire.LoadGenerator.Generation;

public enum KeyDistributionKind
{
    Uniform,
    Zipf,
    Hot,
}
