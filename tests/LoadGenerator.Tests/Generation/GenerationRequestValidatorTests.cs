using OrdersAspire.LoadGenerator.Generation;
using OrdersAspire.LoadGenerator.Keys;

namespace OrdersAspire.LoadGenerator.Tests.Generation;

public class GenerationRequestValidatorTests
{
    private static readonly GenerateOrdersRequest Valid = new() { Count = 1000, RatePerSecond = 50 };

    [Fact]
    public void A_minimal_request_gets_the_defaults()
    {
        var errors = GenerationRequestValidator.Validate(Valid, out var spec);

        Assert.Empty(errors);
        Assert.Equal(new GenerationSpec(1000, 50, KeyDistributionKind.Uniform, null, null, null, 1000, 0), spec);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = GenerationRequestValidator.Validate(
            new GenerateOrdersRequest { Count = 0, RatePerSecond = 100_001, Customers = 0, PayloadBytes = -1, KeyDistribution = new() { Type = "zipf", Skew = 0 } },
            out var spec);

        Assert.Null(spec);
        Assert.Equal(["count", "customers", "keyDistribution.skew", "payloadBytes", "ratePerSecond"], errors.Keys.Order(StringComparer.Ordinal));
    }

    public static TheoryData<GenerateOrdersRequest, string> BadRequests => new()
    {
        { Valid with { Count = null }, "count" },
        { Valid with { Count = 0 }, "count" },
        { Valid with { Count = 10_000_001 }, "count" },
        { Valid with { RatePerSecond = null }, "ratePerSecond" },
        { Valid with { RatePerSecond = 0 }, "ratePerSecond" },
        { Valid with { RatePerSecond = 100_001 }, "ratePerSecond" },
        { Valid with { Customers = 0 }, "customers" },
        { Valid with { Customers = 1_000_001 }, "customers" },
        { Valid with { PayloadBytes = -1 }, "payloadBytes" },
        { Valid with { PayloadBytes = 65_537 }, "payloadBytes" },
        { Valid with { KeyDistribution = new() }, "keyDistribution.type" },
        { Valid with { KeyDistribution = new() { Type = "gaussian" } }, "keyDistribution.type" },
        { Valid with { KeyDistribution = new() { Type = "zipf" } }, "keyDistribution.skew" },
        { Valid with { KeyDistribution = new() { Type = "zipf", Skew = -0.5 } }, "keyDistribution.skew" },
        { Valid with { KeyDistribution = new() { Type = "zipf", Skew = double.NaN } }, "keyDistribution.skew" },
        { Valid with { KeyDistribution = new() { Type = "zipf", Skew = 1, Share = 0.5 } }, "keyDistribution.share" },
        { Valid with { KeyDistribution = new() { Type = "uniform", Partition = 1 } }, "keyDistribution.partition" },
        { Valid with { KeyDistribution = new() { Type = "hot", Share = 0.5 } }, "keyDistribution.partition" },
        { Valid with { KeyDistribution = new() { Type = "hot", Partition = -1, Share = 0.5 } }, "keyDistribution.partition" },
        { Valid with { KeyDistribution = new() { Type = "hot", Partition = 1 } }, "keyDistribution.share" },
        { Valid with { KeyDistribution = new() { Type = "hot", Partition = 1, Share = 0 } }, "keyDistribution.share" },
        { Valid with { KeyDistribution = new() { Type = "hot", Partition = 1, Share = 1.01 } }, "keyDistribution.share" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_bad_field_is_named(GenerateOrdersRequest request, string field)
    {
        var errors = GenerationRequestValidator.Validate(request, out var spec);

        Assert.Null(spec);
        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field][0]);
    }

    [Theory]
    [InlineData("uniform", KeyDistributionKind.Uniform)]
    [InlineData("Zipf", KeyDistributionKind.Zipf)]
    [InlineData("HOT", KeyDistributionKind.Hot)]
    public void Distribution_types_are_case_insensitive(string type, KeyDistributionKind kind)
    {
        var keys = new KeyDistributionRequest { Type = type, Skew = kind == KeyDistributionKind.Zipf ? 1.1 : null, Partition = kind == KeyDistributionKind.Hot ? 0 : null, Share = kind == KeyDistributionKind.Hot ? 1 : null };
        GenerationRequestValidator.Validate(Valid with { KeyDistribution = keys }, out var spec);
        Assert.Equal(kind, spec!.Distribution);
    }

    [Fact]
    public void The_hot_partition_must_exist_on_the_topic()
    {
        GenerationRequestValidator.Validate(Valid with { KeyDistribution = new() { Type = "hot", Partition = 6, Share = 0.5 } }, out var spec);

        var errors = GenerationRequestValidator.ValidateAgainstTopic(spec!, "orders", partitionCount: 6);

        Assert.Equal(["keyDistribution.partition"], errors.Keys);
        Assert.Contains("0 and 5", errors["keyDistribution.partition"][0], StringComparison.Ordinal);
        Assert.Empty(GenerationRequestValidator.ValidateAgainstTopic(spec!, "orders", partitionCount: 7));
    }

    [Fact]
    public void The_hot_partition_needs_a_customer_hashing_to_it()
    {
        var onlyCustomersPartition = Murmur2.Partition(CustomerIds.Format(0), 6);
        var other = (onlyCustomersPartition + 1) % 6;
        GenerationRequestValidator.Validate(Valid with { Customers = 1, KeyDistribution = new() { Type = "hot", Partition = other, Share = 0.5 } }, out var spec);

        Assert.Equal(["customers"], GenerationRequestValidator.ValidateAgainstTopic(spec!, "orders", 6).Keys);
    }
}
