using System.Text.Json.Serialization;
using Confluent.Kafka;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>Body of <c>POST /faults/request-errors</c>: the next requests of one API fail with these errors, in order:
/// <c>{"apiKey": "OffsetCommit" | 8, "errors": ["REBALANCE_IN_PROGRESS", 27]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RequestErrorsRequest(KafkaNameOrNumber? ApiKey, IReadOnlyList<KafkaNameOrNumber>? Errors)
{
    public const int MaxErrors = 1_000;

    /// <summary>The API key and error codes, or null with <paramref name="errors"/> saying why.</summary>
    public (short ApiKey, IReadOnlyList<ErrorCode> Codes)? Validate(ValidationErrors errors)
    {
        short apiKey = -1;
        if (errors.Required("apiKey", ApiKey, out var name) && !KafkaApiKeys.TryParse(name.Text, out apiKey))
        {
            errors.Add("apiKey", $"'apiKey' is not a Kafka API key (e.g. OffsetCommit or 8): '{name}'.");
        }

        var codes = new List<ErrorCode>();
        if (Errors is not { Count: > 0 })
        {
            errors.Add("errors", "'errors' is required: a non-empty array of Kafka error names (e.g. REBALANCE_IN_PROGRESS) or codes.");
        }
        else if (Errors.Count > MaxErrors)
        {
            errors.Add("errors", $"'errors' may hold at most {MaxErrors} entries.");
        }
        else
        {
            for (var index = 0; index < Errors.Count; index++)
            {
                if (KafkaErrorCodes.TryParse(Errors[index].Text, out var code))
                {
                    codes.Add(code);
                }
                else
                {
                    errors.Add($"errors[{index}]", $"'errors[{index}]' is not a Kafka error name (e.g. REBALANCE_IN_PROGRESS) or code: '{Errors[index]}'.");
                }
            }
        }

        return errors.IsEmpty ? (apiKey, codes) : null;
    }
}
