using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// Body of <c>POST /api/orders/generate</c>. Members are nullable so that a missing field is reported by
/// name rather than defaulted; unknown members (such as <c>topic</c>, which only configuration sets) are refused.
/// The data annotations document the limits in the OpenAPI schema; <see cref="GenerationRequestValidator"/> enforces them.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GenerateOrdersRequest
{
    /// <summary>Orders to produce, 1..10,000,000.</summary>
    [Required]
    [Range(1, GenerationRequestValidator.MaxCount)]
    public long? Count { get; init; }

    /// <summary>Target rate, 1..100,000 orders per second.</summary>
    [Required]
    [Range(1, GenerationRequestValidator.MaxRatePerSecond)]
    public int? RatePerSecond { get; init; }

    /// <summary>How customer ids (the Kafka keys) are chosen; uniform when absent.</summary>
    public KeyDistributionRequest? KeyDistribution { get; init; }

    /// <summary>Size of the key space, 1..1,000,000 customers (default 1000).</summary>
    [Range(1, GenerationRequestValidator.MaxCustomers)]
    public int? Customers { get; init; }

    /// <summary>Pad each order's JSON (through its note) to about this many bytes, 0..65536 (default 0: no padding).</summary>
    [Range(0, GenerationRequestValidator.MaxPayloadBytes)]
    public int? PayloadBytes { get; init; }
}
