using OrdersAspire.Analyzer.Cli;

namespace OrdersAspire.Analyzer.Tests.Cli;

public class CliTests
{
    [Theory]
    [InlineData(new[] { "describe", "--group", "g" }, true)]
    [InlineData(new[] { "reset-offsets", "--group", "g", "--to-earliest" }, true)]
    [InlineData(new[] { "--urls", "http://localhost:5000" }, false)]
    [InlineData(new string[0], false)]
    public void Detects_a_verb_before_the_web_host(string[] args, bool cli) => Assert.Equal(cli, CliArguments.IsCli(args));

    [Fact]
    public void Parses_options_flags_and_equals_syntax()
    {
        var cli = CliArguments.Parse(["reset-offsets", "--group", "g", "--shift-by", "-5", "--execute", "--bootstrap-server=h:1"]);
        Assert.Equal("reset-offsets", cli.Verb);
        Assert.Equal("g", cli.Value("--group"));
        Assert.Equal("-5", cli.Value("--shift-by"));
        Assert.Equal("h:1", cli.Value("--bootstrap-server"));
        Assert.True(cli.Flag("--execute"));
        Assert.False(cli.Flag("--dry-run"));
    }

    [Theory]
    [InlineData("describe stray")]
    [InlineData("describe --group")]
    public void Rejects_malformed_arguments(string args) => Assert.Throws<ArgumentException>(() => CliArguments.Parse(args.Split(' ')));

    [Fact]
    public void Tables_align_columns_like_kafka_consumer_groups()
    {
        var text = TextTable.Format(["GROUP", "TOPIC", "PARTITION", "LAG"], [["order-processors", "order-events", "0", "12"], ["g", "t", "10", null]]);
        Assert.Equal(
            "GROUP            TOPIC        PARTITION LAG\n" +
            "order-processors order-events 0         12\n" +
            "g                t            10        -\n", text);
    }
}
