namespace OrdersAspire.AppHost;

/// <summary>The AppHost's resource names, declared once: Program.cs, Prometheus' scrape targets and the tests name
/// resources by these.</summary>
public static class ResourceNames
{
    public const string AdminKey = "admin-key";
    public const string Kafka = "kafka";
    public const string LoadGenerator = "load-generator";
    public const string OrderProcessors = "order-processors";
    public const string Analytics = "analytics";
    public const string Analyzer = "analyzer";
    public const string Prometheus = "prometheus";
    public const string Grafana = "grafana";

    /// <summary>The embedded broker's process resource, named after the Kafka resource whose connection string it serves.</summary>
    public static string BrokerOf(string kafka) => $"{kafka}-broker";

    /// <summary>The embedded broker of <see cref="Kafka"/>.</summary>
    public static readonly string KafkaBroker = BrokerOf(Kafka);

    /// <summary>The services Prometheus scrapes, every replica of each.</summary>
    public static readonly IReadOnlyList<string> Scraped = [KafkaBroker, LoadGenerator, OrderProcessors, Analytics, Analyzer];
}
