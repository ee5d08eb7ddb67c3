namespace OrdersAspire.EmbeddedKafka.Hosting;

/// <summary>A topic to create at start-up.</summary>
public sealed class TopicOptions
{
    public string Name { get; set; } = "";

    public int Partitions { get; set; }
}
