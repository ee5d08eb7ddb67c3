using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analyzer.Cli;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>The command-line verbs against a live broker: tables with kafka-consumer-groups' columns, and the reset.</summary>
public class CliCommandTests
{
    private const string Group = "order-processors";

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AnalyzerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Describe_members_and_reset_offsets()
    {
        using var kafka = new KafkaTestCluster();
        var consumers = new TestConsumerGroup(kafka, Group, 2).Start();
        await using var _ = consumers;
        await consumers.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));
        kafka.ProduceToEveryPartition(5);
        await Eventually.ResultAsync(() => kafka.CommittedAsync(Group), offsets => offsets.All(o => o == 5), TimeSpan.FromSeconds(30), "offset 5 committed on every partition");

        (int Code, string Out, string Err) describe = (0, "", "");
        await Eventually.UntilAsync(async () =>
        {
            describe = await Run("describe", "--group", Group, "--bootstrap-server", kafka.BootstrapServers);
            return describe.Code == 0 && describe.Out.Contains($"{Group}-2", StringComparison.Ordinal) && describe.Out.Contains($"{Group}-1", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "describe to list both members", () => $"describe: {describe.Code} {describe.Out} {describe.Err}");
        var lines = describe.Out!.TrimEnd('\n').Split('\n');
        Assert.Equal(["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(9));
        Assert.Equal(7, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal([Group, KafkaTestCluster.Topic], l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)));
        Assert.All(lines.Skip(1), l => Assert.Equal(["5", "5", "0"], l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(3)));

        var members = await Run("members", "--group", Group, "--verbose", "--bootstrap-server", kafka.BootstrapServers);
        var memberLines = members.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"], memberLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, memberLines.Length);

        // list and state say where their data comes from: the group is known from the reports topic (it is not in
        // Analyzer:Groups here); the embedded broker cannot describe groups, so state and members come from the reports.
        var list = await Run("list", "--bootstrap-server", kafka.BootstrapServers);
        Assert.True(list.Code == 0, list.Err);
        var listLines = list.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(["GROUP", "SOURCE"], listLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains([Group, "reports"], listLines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        var state = await Run("state", "--group", Group, "--bootstrap-server", kafka.BootstrapServers);
        Assert.True(state.Code == 0, state.Err);
        var stateLines = state.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(["GROUP", "COORDINATOR", "(ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS", "STATE-SOURCE", "MEMBERS-SOURCE", "PROTOCOL"],
            stateLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var stateRow = stateLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2", stateRow[^4]);
        Assert.Equal(SignalSources.Reports, stateRow[^3]);
        Assert.Equal(MembershipSources.Reports, stateRow[^2]);

        var dryRun = await Run("reset-offsets", "--group", Group, "--to-earliest", "--dry-run", "--bootstrap-server", kafka.BootstrapServers);
        Assert.Equal(0, dryRun.Code);
        Assert.Equal(["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"], dryRun.Out.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((long[])[5, 5, 5, 5, 5, 5], (await kafka.CommittedAsync(Group)).AsEnumerable());

        var refused = await Run("reset-offsets", "--group", Group, "--to-earliest", "--execute", "--bootstrap-server", kafka.BootstrapServers);
        Assert.Equal(1, refused.Code);
        Assert.Contains("inactive", refused.Err);

        // Stopped: the embedded broker still refuses a commit from outside a group that had members, and the reset never joins.
        await consumers.StopAsync();
        var refusedByBroker = await Run("reset-offsets", "--group", Group, "--shift-by", "-2", "--execute", "--bootstrap-server", kafka.BootstrapServers);
        Assert.Equal(1, refusedByBroker.Code);
        Assert.Contains("never joins the group", refusedByBroker.Err);
        Assert.Equal((long[])[5, 5, 5, 5, 5, 5], (await kafka.CommittedAsync(Group)).AsEnumerable());

        // A group whose consumers never joined (they assign partitions themselves) is reset without joining.
        kafka.CommitWithoutJoining("offline-exporter", _ => 5);
        var executed = await Run("reset-offsets", "--group", "offline-exporter", "--shift-by", "-2", "--execute", "--bootstrap-server", kafka.BootstrapServers);
        Assert.True(executed.Code == 0, executed.Err);
        Assert.Equal((long[])[3, 3, 3, 3, 3, 3], (await kafka.CommittedAsync("offline-exporter")).AsEnumerable());

        var bad = await Run("reset-offsets", "--group", Group, "--bootstrap-server", kafka.BootstrapServers);
        Assert.Equal(2, bad.Code);
    }
}
