using Microsoft.Extensions.Options;

namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>Validates <see cref="EmbeddedKafkaOptions"/>; every failure names its configuration key.</summary>
public sealed class EmbeddedKafkaOptionsValidator : IValidateOptions<EmbeddedKafkaOptions>
{
    public const int MaxBrokers = 10;
    public const int MaxRebalanceDelayMs = 60_000;
    private const string Section = EmbeddedKafkaOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmbeddedKafkaOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IEnumerable<string> Failures(EmbeddedKafkaOptions options)
    {
        if (options.Brokers is < 1 or > MaxBrokers)
        {
            yield return $"{Section}:Brokers must be between 1 and {MaxBrokers} (was {options.Brokers}).";
        }

        if (options.GroupInitialRebalanceDelayMs is < 0 or > MaxRebalanceDelayMs)
        {
            yield return $"{Section}:GroupInitialRebalanceDelayMs must be between 0 and {MaxRebalanceDelayMs} " +
                         $"(was {options.GroupInitialRebalanceDelayMs}).";
        }

        if (options.BootstrapFile is { } file && string.IsNullOrWhiteSpace(file))
        {
            yield return $"{Section}:BootstrapFile must be a file path when set.";
        }

        if (options.AdminKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            yield return $"{Section}:AdminKey must not be blank when set.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Topics.Count; i++)
        {
            var topic = options.Topics[i];
            if (!KafkaTopicName.IsValid(topic.Name))
            {
                yield return $"{Section}:Topics:{i}:Name '{topic.Name}' is not a valid topic name " +
                             $"(1..{KafkaTopicName.MaxLength} characters of [a-zA-Z0-9._-], not '.' or '..').";
            }
            else if (!seen.Add(topic.Name))
            {
                yield return $"{Section}:Topics:{i}:Name '{topic.Name}' is listed twice.";
            }

            if (topic.Partitions is < 1 or > MockKafkaCluster.MaxPartitions)
            {
                yield return $"{Section}:Topics:{i}:Partitions must be between 1 and {MockKafkaCluster.MaxPartitions} " +
                             $"(was {topic.Partitions}).";
            }
        }
    }
}
