using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Applies a connection string to a client configuration: either a bare bootstrap server list
/// (<c>host1:9092,host2:9092</c>) or keyed properties
/// (<c>BootstrapServers=...;SecurityProtocol=SaslSsl;SaslMechanism=ScramSha256;SaslUsername=...;SaslPassword='p;w'</c>).
/// A key is a Confluent property name (<c>SslCaLocation</c>) or a librdkafka one (<c>ssl.ca.location</c>); any key
/// passes through to librdkafka, which knows every property. Values may be quoted with <c>'</c> or <c>"</c> (a doubled
/// quote inside stands for one). Enumerations common to every client (<c>SecurityProtocol</c>, <c>SaslMechanism</c>, …)
/// accept the Confluent or the librdkafka spelling (<c>SaslSsl</c>, <c>SASL_SSL</c>). Anything malformed is refused with
/// a message naming <c>ConnectionStrings:{name}</c>, before a client is built.
/// </summary>
public static partial class KafkaConnectionString
{
    private static readonly Dictionary<string, PropertyInfo> EnumProperties = typeof(ClientConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && Nullable.GetUnderlyingType(p.PropertyType)?.IsEnum == true)
        .ToDictionary(p => KafkaClientSettings.ToLibrdkafkaName(p.Name), StringComparer.Ordinal);

    /// <summary>Sets the connection string's properties on <paramref name="config"/> (they win over what it holds).</summary>
    /// <exception cref="FormatException">The connection string is malformed; the message names <c>ConnectionStrings:{connectionName}</c>.</exception>
    public static void Apply(string connectionString, ClientConfig config, string connectionName = "kafka")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(config);

        foreach (var (name, value) in Properties(connectionString, connectionName))
        {
            config.Set(name, value);
        }
    }

    /// <summary>The librdkafka properties the connection string stands for, in order (validated, enum values in
    /// librdkafka's spelling).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Properties(string connectionString, string connectionName = "kafka")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var source = $"ConnectionStrings:{connectionName}";

        if (!connectionString.Contains('='))
        {
            return [new("bootstrap.servers", BootstrapList(connectionString, source))];
        }

        var properties = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in Parse(connectionString, source))
        {
            var name = KafkaClientSettings.ToLibrdkafkaName(key);
            if (!PropertyName().IsMatch(name))
            {
                throw new FormatException($"{source}: '{key}' is not a Kafka client property name (e.g. BootstrapServers, SaslUsername or sasl.username).");
            }

            if (value.Length == 0)
            {
                throw new FormatException($"{source}: '{key}' has no value.");
            }

            properties.Add(new(name, name switch
            {
                "bootstrap.servers" => BootstrapList(value, source),
                _ when EnumProperties.TryGetValue(name, out var property) => EnumValue(property, key, value, source),
                _ => value,
            }));
        }

        if (!properties.Any(p => p.Key == "bootstrap.servers"))
        {
            throw new FormatException($"{source} names no bootstrap servers: add BootstrapServers=host1:9092,host2:9092.");
        }

        return properties;
    }

    /// <summary>A comma-separated list of <c>[protocol://]host:port</c>, trimmed.</summary>
    private static string BootstrapList(string value, string source)
    {
        var servers = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var server in servers)
        {
            if (!BootstrapServer().IsMatch(server))
            {
                throw new FormatException(
                    $"{source}: '{server}' is not a bootstrap server; expected host:port, comma-separated (e.g. broker1:9092,broker2:9092).");
            }
        }

        return string.Join(',', servers);
    }

    /// <summary>An enumeration value in librdkafka's spelling, from either spelling (<c>SaslSsl</c>, <c>sasl_ssl</c>).</summary>
    private static string EnumValue(PropertyInfo property, string key, string value, string source)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType)!;
        var normalized = Normalize(value);
        var match = Enum.GetNames(type).FirstOrDefault(n => Normalize(n) == normalized);
        if (match is null)
        {
            // Some enumerations also take numbers in librdkafka (acks=-1).
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return value;
            }

            throw new FormatException($"{source}: {key} = '{value}' is not valid; allowed: {string.Join(", ", Enum.GetNames(type))}.");
        }

        var probe = new ClientConfig();
        property.SetValue(probe, Enum.Parse(type, match));
        return probe.Get(KafkaClientSettings.ToLibrdkafkaName(property.Name)) ?? value;
    }

    private static string Normalize(string value) =>
        new([.. value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>Splits <c>key=value;key='quoted;value'</c> (trimmed keys, trimmed unquoted values, empty parts skipped).</summary>
    private static List<KeyValuePair<string, string>> Parse(string connectionString, string source)
    {
        var parts = new List<KeyValuePair<string, string>>();
        var i = 0;
        while (i < connectionString.Length)
        {
            var equals = connectionString.IndexOf('=', i);
            var semicolon = connectionString.IndexOf(';', i);
            if (semicolon >= 0 && (equals < 0 || semicolon < equals))
            {
                if (connectionString[i..semicolon].Trim().Length > 0)
                {
                    throw new FormatException($"{source}: '{connectionString[i..semicolon].Trim()}' is not a key=value pair.");
                }

                i = semicolon + 1;
                continue;
            }

            if (equals < 0)
            {
                var rest = connectionString[i..].Trim();
                if (rest.Length > 0)
                {
                    throw new FormatException($"{source}: '{rest}' is not a key=value pair.");
                }

                break;
            }

            var key = connectionString[i..equals].Trim();
            if (key.Length == 0)
            {
                throw new FormatException($"{source}: a value at position {equals} has no key.");
            }

            i = equals + 1;
            while (i < connectionString.Length && connectionString[i] == ' ')
            {
                i++;
            }

            string value;
            if (i < connectionString.Length && connectionString[i] is '\'' or '"')
            {
                var quote = connectionString[i++];
                var text = new StringBuilder();
                while (true)
                {
                    if (i >= connectionString.Length)
                    {
                        throw new FormatException($"{source}: the value of '{key}' has no closing {quote}.");
                    }

                    if (connectionString[i] == quote)
                    {
                        if (i + 1 < connectionString.Length && connectionString[i + 1] == quote)
                        {
                            text.Append(quote);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(connectionString[i++]);
                }

                var end = connectionString.IndexOf(';', i);
                var trailing = (end < 0 ? connectionString[i..] : connectionString[i..end]).Trim();
                if (trailing.Length > 0)
                {
                    throw new FormatException($"{source}: unexpected '{trailing}' after the quoted value of '{key}'.");
                }

                value = text.ToString();
                i = end < 0 ? connectionString.Length : end + 1;
            }
            else
            {
                var end = connectionString.IndexOf(';', i);
                value = (end < 0 ? connectionString[i..] : connectionString[i..end]).Trim();
                i = end < 0 ? connectionString.Length : end + 1;
            }

            parts.Add(new(key, value));
        }

        return parts;
    }

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*$")]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):[0-9]{1,5}$")]
    private static partial Regex BootstrapServer();
}
