using System.Globalization;

namespace OrdersAspire.Analysis;

/// <summary>A validated reset request: what to reset to and which partitions (all of the topic when none given).</summary>
public sealed record OffsetResetRequest(ResetTarget To, long? Offset, DateTimeOffset? Datetime, long? ShiftBy, string Topic, IReadOnlyList<int>? Partitions)
{
    public static readonly IReadOnlyList<string> TargetNames = ["earliest", "latest", "offset", "datetime", "shift-by"];

    /// <summary>Parses the raw fields; on failure returns the errors keyed by field name (ProblemDetails style).</summary>
    public static (OffsetResetRequest? Request, Dictionary<string, string[]> Errors) Parse(
        string? to, string? value, string? topic, string? partitions, string defaultTopic)
    {
        var errors = new Dictionary<string, string[]>();
        ResetTarget? target = to?.Trim().ToLowerInvariant() switch
        {
            "earliest" => ResetTarget.Earliest,
            "latest" => ResetTarget.Latest,
            "offset" => ResetTarget.Offset,
            "datetime" => ResetTarget.Datetime,
            "shift-by" or "shiftby" => ResetTarget.ShiftBy,
            _ => null,
        };
        if (target is null)
        {
            errors["to"] = [$"'to' must be one of {string.Join(", ", TargetNames)}; got '{to}'"];
        }

        long? offset = null, shift = null;
        DateTimeOffset? datetime = null;
        switch (target)
        {
            case ResetTarget.Offset:
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o >= 0)
                {
                    offset = o;
                }
                else
                {
                    errors["value"] = ["'value' must be a non-negative offset for to=offset"];
                }

                break;
            case ResetTarget.ShiftBy:
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
                {
                    shift = s;
                }
                else
                {
                    errors["value"] = ["'value' must be an integer (negative moves back) for to=shift-by"];
                }

                break;
            case ResetTarget.Datetime:
                if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
                {
                    datetime = d;
                }
                else
                {
                    errors["value"] = ["'value' must be an ISO-8601 date-time (e.g. 2026-11-25T18:00:00Z) for to=datetime"];
                }

                break;
        }

        var topicName = string.IsNullOrWhiteSpace(topic) ? defaultTopic : topic.Trim();
        if (topicName.Length > 249 || topicName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            errors["topic"] = ["'topic' must be a Kafka topic name (letters, digits, '.', '_', '-', at most 249)"];
        }

        List<int>? list = null;
        if (!string.IsNullOrWhiteSpace(partitions))
        {
            list = [];
            foreach (var part in partitions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    list.Add(p);
                }
                else { errors["partitions"] = [$"'partitions' must be a comma-separated list of partition numbers; '{part}' is not one"]; break; }
            }
            list = list.Distinct().Order().ToList();
        }

        return errors.Count > 0 || target is null
            ? (null, errors)
            : (new OffsetResetRequest(target.Value, offset, datetime, shift, topicName, list), errors);
    }
}
