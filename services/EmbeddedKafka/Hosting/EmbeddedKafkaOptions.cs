namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>Configuration of the embedded broker, bound from the <c>EmbeddedKafka</c> section.</summary>
public sealed class EmbeddedKafkaOptions
{
    public const string SectionName = "EmbeddedKafka";

    /// <summary>Number of brokers, 1..10.</summary>
    public int Brokers { get; set; } = 3;

    /// <summary>Topics created at start-up (defaults live in appsettings.json: lists bound from configuration append).</summary>
    public List<TopicOptions> Topics { get; set; } = [];

    /// <summary>Delay before the first rebalance of a classic consumer group, 0..60000 ms.</summary>
    public int GroupInitialRebalanceDelayMs { get; set; } = 3000;

    /// <summary>When set, the bootstrap string is written to this file once ready and the file deleted on stop.</summary>
    public string? BootstrapFile { get; set; }

    /// <summary>When set, the fault API requires this value in the <c>X-Admin-Key</c> header.</summary>
    public string? AdminKey { get; set; }
}
