using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>Scrapes /metrics: the kafka_exporter names come out exactly, with their labels, next to ours. Runs alone:
/// OpenTelemetry's meter listener is process-wide, so another test's analyzer in the same process would register
/// instruments of the same names and this host's exporter could report those instead of its own.</summary>
[Collection(MetricsCollection.Name)]
public class MetricsTests
{
    [Fact]
    public async Task Prometheus_exposition_uses_kafka_exporter_names()
    {
        using var kafka = new KafkaTestCluster();
        var consumers = new TestConsumerGroup(kafka, "order-processors", 1).Start();
        await using var _ = consumers;
        using var app = new AnalyzerApp(kafka, ["order-processors"]);
        var client = app.CreateClient();
        await consumers.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));
        kafka.ProduceToEveryPartition(3);
        await app.WaitForJsonAsync(client, "/api/groups/order-processors/state", s => s.GetProperty("totalLag").GetInt64() == 0
            && s.GetProperty("members").GetInt32() == 1, TimeSpan.FromSeconds(30), "caught up");
        await Eventually.ResultAsync(() => kafka.CommittedAsync("order-processors"), offsets => offsets.All(o => o == 3), TimeSpan.FromSeconds(30), "offset 3 committed on every partition");
        await consumers.StopAsync();
        kafka.ProduceToEveryPartition(7);
        await app.WaitForJsonAsync(client, "/api/groups/order-processors/state", s => s.GetProperty("totalLag").GetInt64() == 42 && s.GetProperty("members").GetInt32() == 0,
            TimeSpan.FromSeconds(30), "lag 42");

        // The exporter may serve a cached scrape for a moment: retry until one shows the state reached above.
        string text = "";
        string? problem = null;
        await Eventually.UntilAsync(async () =>
        {
            text = await client.GetStringAsync("/metrics");
            problem = Check(text);
            return problem is null;
        }, TimeSpan.FromSeconds(30), "/metrics to show every expected series", () => $"{problem}\n{string.Join('\n', text.Split('\n').Where(l => l.Contains("kafka_") || l.Contains("ordersaspire_")))}");
    }

    /// <summary>Null when the exposition has every expected series and value, else what is missing.</summary>
    private static string? Check(string text)
    {
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        string? Value(string name, string labels) =>
            samples.FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(labels, StringComparison.Ordinal))?.Split("} ")[1];

        (string Name, string Labels, string? Expected)[] expected =
        [
            ("kafka_consumergroup_lag", "consumergroup=\"order-processors\",partition=\"3\",topic=\"order-events\"", "7"),
            ("kafka_consumergroup_current_offset", "consumergroup=\"order-processors\",partition=\"0\",topic=\"order-events\"", "3"),
            ("kafka_topic_partition_current_offset", "partition=\"5\",topic=\"order-events\"", "10"),
            ("kafka_consumergroup_members", "consumergroup=\"order-processors\"", "0"),
            ("ordersaspire_analyzer_lag_time_seconds", "partition=\"3\"", null),
            ("ordersaspire_analyzer_drain_time_seconds", "consumergroup=\"order-processors\"", "-1"),
            ("ordersaspire_analyzer_imbalance_percent", "consumergroup=\"order-processors\"", "0"),
            ("ordersaspire_analyzer_hot_partition", "partition=\"3\"", "0"),
            ("ordersaspire_analyzer_status", "consumergroup=\"order-processors\"", null),
            ("ordersaspire_analyzer_rebalances_per_hour", "consumergroup=\"order-processors\"", null),
            ("ordersaspire_analyzer_active_alerts", "consumergroup=\"order-processors\"", null),
            ("ordersaspire_analyzer_heartbeat_failures", "consumergroup=\"order-processors\"", "0"),
            ("ordersaspire_analyzer_commit_success_ratio", "consumergroup=\"order-processors\"", "1"),
            ("ordersaspire_analyzer_messages_lost", "consumergroup=\"order-processors\"", "0"),
        ];
        foreach (var (name, labels, value) in expected)
        {
            var actual = Value(name, labels);
            if (actual is null)
            {
                return $"no {name} with {labels}";
            }

            if (value is not null && actual != value)
            {
                return $"{name}{{{labels}}} is {actual}, expected {value}";
            }
        }
        return null;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (alone: meter listeners are process-wide)";
}
