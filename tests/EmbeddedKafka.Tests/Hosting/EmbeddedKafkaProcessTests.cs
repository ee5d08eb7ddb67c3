using System.Net;
using System.Net.Http.Json;
using OrdersAspire.EmbeddedKafka.Apis;
using OrdersAspire.EmbeddedKafka.Tests.Support;

namespace OrdersAspire.EmbeddedKafka.Tests.Hosting;

[Slow]
public sealed class EmbeddedKafkaProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ready_process_serves_bootstrap_writes_the_file_and_exits_cleanly_on_sigterm()
    {
        var bootstrapFile = Path.Combine(Path.GetTempPath(), $"embedded-kafka-{Guid.NewGuid():N}", "bootstrap.txt");
        await using var app = EmbeddedKafkaProcess.Start(new Dictionary<string, string>
        {
            ["EmbeddedKafka__BootstrapFile"] = bootstrapFile,
        });
        try
        {
            var address = await app.WaitForAddressAsync(StartTimeout);
            var ready = await app.WaitForLineAsync(l => l.Contains("Embedded Kafka ready: bootstrap="), StartTimeout);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

            var kafka = await http.GetFromJsonAsync<KafkaInfo>("/kafka");
            var health = await http.GetAsync("/health");

            Assert.NotNull(kafka);
            Assert.Equal(3, kafka.Brokers);
            Assert.Contains(new KafkaTopicInfo("order-events", 6), kafka.Topics);
            Assert.Contains(new KafkaTopicInfo("order-events.dlt", 3), kafka.Topics);
            Assert.Contains(new KafkaTopicInfo("consumer-group-reports", 1), kafka.Topics);
            Assert.Contains($"bootstrap={kafka.BootstrapServers} brokers=3 topics=order-events(6),", ready);
            Assert.Equal(kafka.BootstrapServers, await File.ReadAllTextAsync(bootstrapFile));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var healthBody = await health.Content.ReadAsStringAsync();
            Assert.Contains("embedded-kafka", healthBody);
            Assert.Contains(kafka.BootstrapServers, healthBody);
            Assert.Equal(3, KafkaProbe.Metadata(kafka.BootstrapServers, "order-events").Brokers.Count);

            app.Terminate();
            var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(20));

            Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{app.Output}");
            Assert.False(File.Exists(bootstrapFile), "the bootstrap file must be deleted on stop");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(bootstrapFile)!, recursive: true);
        }
    }

    // One process per path: a rule failure, a second rule on a list entry, and a value the binder cannot convert.
    // The rules themselves are covered case by case in EmbeddedKafkaOptionsValidatorTests.
    [Theory]
    [InlineData("EmbeddedKafka__Brokers", "0", "EmbeddedKafka:Brokers")]
    [InlineData("EmbeddedKafka__Brokers", "many", "EmbeddedKafka:Brokers")]
    [InlineData("EmbeddedKafka__Topics__0__Partitions", "0", "EmbeddedKafka:Topics:0:Partitions")]
    public async Task Invalid_options_refuse_to_start_naming_the_key(string variable, string value, string key)
    {
        await using var app = EmbeddedKafkaProcess.Start(new Dictionary<string, string> { [variable] = value });

        var exitCode = await app.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("EmbeddedKafka refused to start", app.Output);
        Assert.Contains(key, app.Output);
        Assert.DoesNotContain("Embedded Kafka ready", app.Output);
    }
}
