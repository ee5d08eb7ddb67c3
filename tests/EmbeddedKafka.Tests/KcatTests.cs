using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrdersAspire.EmbeddedKafka.Tests;

public sealed partial class KcatTests
{
    [SkippableFact]
    public async Task Kcat_lists_three_brokers_and_the_topic_with_six_partitions()
    {
        var kcat = FindOnPath("kcat");
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

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string file, string arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"kcat exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"^\s+broker \d+ at 127\.0\.0\.1:\d+", RegexOptions.Multiline)]
    private static partial Regex BrokerLine();
}
