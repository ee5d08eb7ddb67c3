using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Configuration;

/// <summary>Checks <see cref="ConsumerGroupOptions"/> and names the full configuration key and the allowed values in
/// every failure, e.g. <c>ConsumerGroup:AssignmentStrategy = 'rnage' is not valid; allowed: range, roundrobin,
/// cooperative-sticky</c>.</summary>
public sealed partial class ConsumerGroupOptionsValidator : IValidateOptions<ConsumerGroupOptions>
{
    public const int MaxNameLength = 249;

    public ValidateOptionsResult Validate(string? name, ConsumerGroupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems, in property order; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Check(ConsumerGroupOptions o)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(o.GroupId))
        {
            failures.Add($"{Key(nameof(o.GroupId))} is required");
        }
        else if (o.GroupId.Length > MaxNameLength)
        {
            failures.Add($"{Key(nameof(o.GroupId))} is {o.GroupId.Length} characters long; allowed: 1..{MaxNameLength}");
        }

        CheckTopic(failures, nameof(o.Topic), o.Topic);
        CheckTopic(failures, nameof(o.DeadLetterTopic), o.DeadLetterTopic);
        CheckTopic(failures, nameof(o.ReportsTopic), o.ReportsTopic);

        if (!AssignmentStrategies.TryParse(o.AssignmentStrategy, out _))
        {
            failures.Add($"{Key(nameof(o.AssignmentStrategy))} = '{o.AssignmentStrategy}' is not valid; allowed: {string.Join(", ", AssignmentStrategies.Names)}");
        }

        if (!ConsumerGroupProtocols.TryParse(o.GroupProtocol, out _))
        {
            failures.Add($"{Key(nameof(o.GroupProtocol))} = '{o.GroupProtocol}' is not valid; allowed: {string.Join(", ", ConsumerGroupProtocols.Names)}");
        }

        var sessionValid = CheckRange(failures, nameof(o.SessionTimeoutMs), o.SessionTimeoutMs, 1_000, 300_000);
        if (sessionValid)
        {
            // Kafka: lower than the session timeout, and typically no higher than a third of it.
            CheckRange(failures, nameof(o.HeartbeatIntervalMs), o.HeartbeatIntervalMs, 1, o.SessionTimeoutMs / 3,
                $" (at most a third of {Key(nameof(o.SessionTimeoutMs))} = {o.SessionTimeoutMs})");
            CheckRange(failures, nameof(o.MaxPollIntervalMs), o.MaxPollIntervalMs, o.SessionTimeoutMs, 86_400_000,
                $" (at least {Key(nameof(o.SessionTimeoutMs))} = {o.SessionTimeoutMs})");
        }
        CheckRange(failures, nameof(o.BatchSize), o.BatchSize, 1, 10_000);
        CheckRange(failures, nameof(o.MaxConcurrency), o.MaxConcurrency, 1, 64);
        CheckRange(failures, nameof(o.KeyConcurrency), o.KeyConcurrency, 1, 1_024);
        CheckRange(failures, nameof(o.CommitIntervalMs), o.CommitIntervalMs, 100, 60_000);
        CheckRange(failures, nameof(o.ReportIntervalMs), o.ReportIntervalMs, 100, 60_000);

        if (string.IsNullOrWhiteSpace(o.ReplicaId))
        {
            failures.Add($"{Key(nameof(o.ReplicaId))} must not be empty; allowed: 1..{MaxNameLength} characters (default: REPLICA_ID or machine-pid)");
        }
        else if (o.ReplicaId.Length > MaxNameLength)
        {
            failures.Add($"{Key(nameof(o.ReplicaId))} is {o.ReplicaId.Length} characters long; allowed: 1..{MaxNameLength}");
        }

        return failures;
    }

    private static string Key(string property) => $"{ConsumerGroupOptions.SectionName}:{property}";

    private static bool CheckRange(List<string> failures, string property, int value, int min, int max, string why = "")
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        failures.Add($"{Key(property)} = {value} is out of range; allowed: {min}..{max}{why}");
        return false;
    }

    private static void CheckTopic(List<string> failures, string property, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxNameLength || value is "." or ".." || !TopicName().IsMatch(value))
        {
            failures.Add($"{Key(property)} = '{value}' is not a valid topic name; allowed: 1..{MaxNameLength} characters of a-z A-Z 0-9 . _ -");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex TopicName();
}
