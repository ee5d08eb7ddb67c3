using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Settings of one kind of Kafka client, bound from the same configuration shape as Aspire.Confluent.Kafka:
/// <c>Aspire:Confluent:Kafka:Producer</c> or <c>Aspire:Confluent:Kafka:Consumer</c> with <c>Config</c>
/// (librdkafka properties), <c>DisableHealthChecks</c>, <c>DisableTracing</c> and <c>DisableMetrics</c>.
/// Values under <c>Aspire:Confluent:Kafka</c> itself apply to both kinds and are overridden by the kind's section.
/// </summary>
public sealed class KafkaClientSettings
{
    public const string RootSectionName = "Aspire:Confluent:Kafka";
    public const string ProducerSectionName = RootSectionName + ":Producer";
    public const string ConsumerSectionName = RootSectionName + ":Consumer";

    /// <summary>librdkafka properties (dotted names, e.g. <c>group.id</c>) and their values.</summary>
    public IDictionary<string, string> Config { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    /// <summary>Reads the root section, then <paramref name="sectionName"/> over it.</summary>
    public static KafkaClientSettings Load(IConfiguration configuration, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new KafkaClientSettings();
        settings.Apply(configuration.GetSection(RootSectionName));
        settings.Apply(configuration.GetSection(sectionName));
        return settings;
    }

    /// <summary>
    /// Turns a configuration key into a librdkafka property name. Dotted names pass unchanged; the
    /// Confluent property names used by Aspire's documentation (<c>GroupId</c>, <c>AutoOffsetReset</c>)
    /// become <c>group.id</c>, <c>auto.offset.reset</c>.
    /// </summary>
    public static string ToLibrdkafkaName(string key)
    {
        if (key.Contains('.') || !key.Any(char.IsUpper))
        {
            return key;
        }

        var name = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c) && i > 0)
            {
                name.Append('.');
            }

            name.Append(char.ToLowerInvariant(c));
        }

        return name.ToString();
    }

    private void Apply(IConfigurationSection section)
    {
        DisableHealthChecks = ReadFlag(section, nameof(DisableHealthChecks)) ?? DisableHealthChecks;
        DisableTracing = ReadFlag(section, nameof(DisableTracing)) ?? DisableTracing;
        DisableMetrics = ReadFlag(section, nameof(DisableMetrics)) ?? DisableMetrics;

        foreach (var property in section.GetSection(nameof(Config)).GetChildren())
        {
            if (property.Value is not null)
            {
                Config[ToLibrdkafkaName(property.Key)] = property.Value;
            }
        }
    }

    private static bool? ReadFlag(IConfigurationSection section, string name)
    {
        var value = section[name];
        if (value is null)
        {
            return null;
        }

        return bool.TryParse(value, out var flag)
            ? flag
            : throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture, "Configuration value '{0}:{1}' must be true or false, not '{2}'.", section.Path, name, value));
    }
}
