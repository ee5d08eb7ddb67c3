using System.Data.Common;
using Confluent.Kafka;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Applies a connection string to a client configuration, as Aspire.Confluent.Kafka does: either a bare
/// bootstrap server list (<c>host1:9092,host2:9092</c>) or keyed properties
/// (<c>BootstrapServers=...;SecurityProtocol=SaslPlaintext;SaslMechanism=Plain;SaslUsername=...;SaslPassword=...</c>).
/// </summary>
public static class KafkaConnectionString
{
    public static void Apply(string connectionString, ClientConfig config)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(config);

        if (!connectionString.Contains('='))
        {
            config.BootstrapServers = connectionString.Trim();
            return;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (Get(parts, "BootstrapServers") is { } bootstrapServers)
        {
            config.BootstrapServers = bootstrapServers;
        }

        if (Get(parts, "SecurityProtocol") is { } protocol && Enum.TryParse<SecurityProtocol>(protocol, ignoreCase: true, out var parsedProtocol))
        {
            config.SecurityProtocol = parsedProtocol;
        }

        if (Get(parts, "SaslMechanism") is { } mechanism && Enum.TryParse<SaslMechanism>(mechanism, ignoreCase: true, out var parsedMechanism))
        {
            config.SaslMechanism = parsedMechanism;
        }

        if (Get(parts, "SaslUsername") is { } user)
        {
            config.SaslUsername = user;
        }

        if (Get(parts, "SaslPassword") is { } password)
        {
            config.SaslPassword = password;
        }
    }

    private static string? Get(DbConnectionStringBuilder parts, string key) =>
        parts.TryGetValue(key, out var value) ? value as string : null;
}
