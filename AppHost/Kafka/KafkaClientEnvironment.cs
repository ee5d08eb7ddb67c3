using Microsoft.Extensions.Configuration;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.AppHost.Kafka;

/// <summary>The Kafka client settings every service receives from the AppHost, and the AppHost's own health check
/// uses: everything under <c>Aspire:Confluent:Kafka</c> given to the AppHost (Producer/Consumer <c>Config</c>
/// sections, flags), over the embedded broker's consumer defaults (<c>Kafka:Embedded:ConsumerConfig</c>) in embedded
/// mode. Keys are configuration paths; a service gets each as an environment variable (<c>:</c> → <c>__</c>).</summary>
public static class KafkaClientEnvironment
{
    public const string EmbeddedConsumerConfigKey = "Kafka:Embedded:ConsumerConfig";

    public static IReadOnlyDictionary<string, string> Settings(IConfiguration configuration, bool embedded)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (embedded)
        {
            // The mock cluster does not long-poll, so its consumers fetch with a short wait; real clusters keep librdkafka's defaults.
            foreach (var setting in configuration.GetSection(EmbeddedConsumerConfigKey).GetChildren())
            {
                settings[$"{KafkaClientSettings.ConsumerSectionName}:Config:{setting.Key}"] = setting.Value ?? "";
            }
        }
        foreach (var (key, value) in configuration.GetSection(KafkaClientSettings.RootSectionName).AsEnumerable())
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }
        return settings;
    }

    /// <summary>The environment variable a service reads as configuration key <paramref name="key"/>.</summary>
    public static string VariableName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
