using System.Diagnostics;

namespace OrdersAspire.LoadGenerator.Telemetry;

/// <summary>ActivitySource <c>OrdersAspire.LoadGenerator</c>: one span per generation job.</summary>
public static class LoadGeneratorActivitySource
{
    public const string Name = "OrdersAspire.LoadGenerator";

    public static readonly ActivitySource Instance = new(Name);
}
