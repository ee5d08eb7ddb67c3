namespace OrdersAspire.EmbeddedKafka;

/// <summary>How consumers of the embedded broker should fetch. A real broker answers a fetch as soon as data arrives
/// (long polling), so librdkafka's default wait of 500 ms costs no latency there and these settings must not follow the
/// services to a real cluster. The mock cluster instead holds an empty fetch for the whole wait, even when data arrives
/// meanwhile, so the wait is the latency of the first order after a quiet spell, while each wait that ends empty costs a
/// request and a response on the client and the broker. 100 ms keeps the first order after a quiet spell within about
/// a tenth of a second and an idle consumer at 10 small requests a second per broker it fetches from (at 50 ms the
/// idle fetches alone cost the system about 2% of a core more); under load a fetch finds data and returns at once.</summary>
public static class EmbeddedClientSettings
{
    public const string FetchWaitMaxMsProperty = "fetch.wait.max.ms";
    public const int FetchWaitMaxMs = 100;

    /// <summary>The consumer setting as a configuration key of the services' Kafka client integration.</summary>
    public const string FetchWaitConfigurationKey = "Aspire:Confluent:Kafka:Consumer:Config:" + FetchWaitMaxMsProperty;
}
