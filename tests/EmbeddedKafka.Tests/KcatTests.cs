using System.Text.RegularExpressions;
using OrdersAspire.Testing;

namespace OrdersAspire.EmbeddedKafka.Tests;

public sealed partial class KcatTests
{
    [SkippableFact]
    public async Task Kcat_lists_three_brokers_and_the_topic_with_six_partitions()
    {
        var kcat = ToolProcess.FindOnPath("kcat");
        if (kcat is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("install kcat (apt-get install kcat): CI must run the kcat check.");
        }

        Skip.If(kcat is null, "kcat is not on PATH");
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("order-events", 6);

        var output = await RunAsync(kcat!, $"-L -b {cluster.BootstrapServers} -m 10", TimeSpan.FromSeconds(20));

        Assert.Contains(" 3 brokers:", output);
        Assert.Equal(3, BrokerLine().Count(output));
        Assert.Contains("topic \"order-events\" with 6 partitions:", output);
    }

    private static async Task<string> RunAsync(string file, string arguments, TimeSpan timeout)
    {
        var result = await ToolProcess.RunAsync(file, arguments.Split(' '), Environment.CurrentDirectory, timeout);
        Assert.True(result.ExitCode == 0, $"kcat exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    [GeneratedRegex(@"^\s+broker \d+ at 127\.0\.0\.1:\d+", RegexOptions.Multiline)]
    private static partial Regex BrokerLine();
}
