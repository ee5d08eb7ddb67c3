using System.Globalization;
using OrdersAspire.LoadGenerator.Keys;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// Checks a generation request field by field. Errors are keyed by the JSON path of the field
/// (<c>count</c>, <c>keyDistribution.share</c>) as in ASP.NET Core validation problems; every bad field is reported.
/// </summary>
public static class GenerationRequestValidator
{
    public const long MaxCount = 10_000_000;
    public const int MaxRatePerSecond = 100_000;
    public const int DefaultCustomers = 1000;
    public const int MaxCustomers = 1_000_000;
    public const int MaxPayloadBytes = 65_536;
    public const double MaxSkew = 100;

    /// <summary>Validates what can be checked without the broker; <paramref name="spec"/> is set when there are no errors.</summary>
    public static Dictionary<string, string[]> Validate(GenerateOrdersRequest? request, out GenerationSpec? spec)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        spec = null;
        if (request is null)
        {
            errors["body"] = ["A JSON object with count and ratePerSecond is required."];
            return errors;
        }

        if (request.Count is not { } count)
        {
            errors["count"] = ["count is required."];
        }
        else if (count is < 1 or > MaxCount)
        {
            errors["count"] = [Invariant($"count must be between 1 and {MaxCount}.")];
        }

        if (request.RatePerSecond is not { } rate)
        {
            errors["ratePerSecond"] = ["ratePerSecond is required."];
        }
        else if (rate is < 1 or > MaxRatePerSecond)
        {
            errors["ratePerSecond"] = [Invariant($"ratePerSecond must be between 1 and {MaxRatePerSecond}.")];
        }

        var customers = request.Customers ?? DefaultCustomers;
        if (customers is < 1 or > MaxCustomers)
        {
            errors["customers"] = [Invariant($"customers must be between 1 and {MaxCustomers}.")];
        }

        var payloadBytes = request.PayloadBytes ?? 0;
        if (payloadBytes is < 0 or > MaxPayloadBytes)
        {
            errors["payloadBytes"] = [Invariant($"payloadBytes must be between 0 and {MaxPayloadBytes}.")];
        }

        var keys = request.KeyDistribution ?? new KeyDistributionRequest { Type = "uniform" };
        var kind = ValidateKeys(keys, errors);

        if (errors.Count == 0)
        {
            spec = new GenerationSpec(
                request.Count!.Value,
                request.RatePerSecond!.Value,
                kind!.Value,
                kind == KeyDistributionKind.Zipf ? keys.Skew : null,
                kind == KeyDistributionKind.Hot ? keys.Partition : null,
                kind == KeyDistributionKind.Hot ? keys.Share : null,
                customers,
                payloadBytes);
        }

        return errors;
    }

    /// <summary>The checks that need the topic's partition count (hot partition only).</summary>
    public static Dictionary<string, string[]> ValidateAgainstTopic(GenerationSpec spec, string topic, int partitionCount)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (spec.Distribution != KeyDistributionKind.Hot)
        {
            return errors;
        }

        var partition = spec.HotPartition!.Value;
        if (partition >= partitionCount)
        {
            errors["keyDistribution.partition"] = [Invariant(
                $"keyDistribution.partition must be between 0 and {partitionCount - 1}: topic '{topic}' has {partitionCount} partitions.")];
        }
        else if (!HotPartitionKeys.HasCustomerOn(spec.Customers, partitionCount, partition))
        {
            errors["customers"] = [Invariant(
                $"No customer id among {spec.Customers} customers hashes to partition {partition}; use a larger key space.")];
        }

        return errors;
    }

    private static KeyDistributionKind? ValidateKeys(KeyDistributionRequest keys, Dictionary<string, string[]> errors)
    {
        switch (keys.Type?.ToLowerInvariant())
        {
            case null:
                errors["keyDistribution.type"] = ["keyDistribution.type is required: uniform, zipf or hot."];
                return null;
            case "uniform":
                RejectOthers(keys, errors, skew: true, partition: true, share: true, "uniform");
                return errors.Count == 0 ? KeyDistributionKind.Uniform : null;
            case "zipf":
                if (keys.Skew is not { } skew)
                {
                    errors["keyDistribution.skew"] = ["keyDistribution.skew is required for zipf."];
                }
                else if (!(skew > 0) || double.IsInfinity(skew) || skew > MaxSkew)
                {
                    errors["keyDistribution.skew"] = ["keyDistribution.skew must be greater than 0 (and at most 100)."];
                }

                RejectOthers(keys, errors, skew: false, partition: true, share: true, "zipf");
                return KeyDistributionKind.Zipf;
            case "hot":
                if (keys.Partition is not { } partition)
                {
                    errors["keyDistribution.partition"] = ["keyDistribution.partition is required for hot."];
                }
                else if (partition < 0)
                {
                    errors["keyDistribution.partition"] = ["keyDistribution.partition must not be negative."];
                }

                if (keys.Share is not { } share)
                {
                    errors["keyDistribution.share"] = ["keyDistribution.share is required for hot."];
                }
                else if (!(share > 0 && share <= 1))
                {
                    errors["keyDistribution.share"] = ["keyDistribution.share must be greater than 0 and at most 1."];
                }

                RejectOthers(keys, errors, skew: true, partition: false, share: false, "hot");
                return KeyDistributionKind.Hot;
            default:
                errors["keyDistribution.type"] = [$"Unknown keyDistribution.type '{Truncate(keys.Type)}': use uniform, zipf or hot."];
                return null;
        }
    }

    private static void RejectOthers(KeyDistributionRequest keys, Dictionary<string, string[]> errors, bool skew, bool partition, bool share, string type)
    {
        if (skew && keys.Skew is not null)
        {
            errors["keyDistribution.skew"] = [$"keyDistribution.skew does not apply to {type}."];
        }

        if (partition && keys.Partition is not null)
        {
            errors["keyDistribution.partition"] = [$"keyDistribution.partition does not apply to {type}."];
        }

        if (share && keys.Share is not null)
        {
            errors["keyDistribution.share"] = [$"keyDistribution.share does not apply to {type}."];
        }
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
