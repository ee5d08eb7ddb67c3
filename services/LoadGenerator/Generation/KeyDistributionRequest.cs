using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// <c>{"type":"uniform"}</c>, <c>{"type":"zipf","skew":1.2}</c> or <c>{"type":"hot","partition":2,"share":0.6}</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record KeyDistributionRequest
{
    /// <summary><c>uniform</c>, <c>zipf</c> or <c>hot</c>.</summary>
    [Required]
    [AllowedValues("uniform", "zipf", "hot")]
    public string? Type { get; init; }

    /// <summary>zipf: exponent, &gt; 0 (1 is classic Zipf).</summary>
    [Range(0.0, GenerationRequestValidator.MaxSkew, MinimumIsExclusive = true)]
    public double? Skew { get; init; }

    /// <summary>hot: the partition that receives <see cref="Share"/> of the orders.</summary>
    [Range(0, int.MaxValue)]
    public int? Partition { get; init; }

    /// <summary>hot: fraction of the orders for the hot partition, in (0, 1].</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double? Share { get; init; }
}
