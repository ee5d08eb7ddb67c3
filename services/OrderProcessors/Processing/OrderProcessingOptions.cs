using System.ComponentModel.DataAnnotations;

namespace OrdersAspire.OrderProcessors.Processing;

/// <summary>Section <c>OrderProcessing</c>.</summary>
public sealed class OrderProcessingOptions
{
    public const string SectionName = "OrderProcessing";

    /// <summary>Simulated work per order, in milliseconds (0 = none).</summary>
    [Range(0, 10_000)]
    public int SimulatedWorkPerOrderMs { get; set; }
}
