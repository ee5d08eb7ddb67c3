using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Hosting;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.Analyzer.Cli;

/// <summary>The analyzer as a command, column-compatible with kafka-consumer-groups:
/// <c>list</c>, <c>describe --group G</c>, <c>members --group G [--verbose]</c>, <c>state --group G</c>,
/// <c>reset-offsets --group G --to-earliest|--to-latest|--to-offset N|--to-datetime T|--shift-by N [--topic T]
/// [--partitions 0,1] [--dry-run|--execute]</c>; <c>--bootstrap-server host:port</c> overrides ConnectionStrings:kafka.</summary>
public static class AnalyzerCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        CliArguments cli;
        try
        {
            cli = CliArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (cli.Value("--bootstrap-server") is { } bootstrap)
        {
            builder.Configuration["ConnectionStrings:kafka"] = bootstrap;
        }

        builder.Configuration["ConnectionStrings:kafka"] ??= "localhost:9092";
        builder.Configuration["Aspire:Confluent:Kafka:Consumer:DisableMetrics"] = "true";
        builder.Configuration["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true";
        // The service's own sampling path and configuration (Analyzer:*), run once instead of every interval.
        builder.AddKafkaClientFactory("kafka");
        builder.Services.AddGroupAnalysis(builder.Configuration, requireGroups: false);
        using var host = builder.Build();
        AnalyzerOptions options;
        try
        {
            options = host.Services.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        var kafka = host.Services.GetRequiredService<KafkaClientFactory>();
        var reports = host.Services.GetRequiredService<ReportsReader>();

        var group = cli.Value("--group");
        if (cli.Verb != "list" && string.IsNullOrWhiteSpace(group))
        {
            await error.WriteLineAsync("error: --group is required").ConfigureAwait(false);
            return 2;
        }

        try
        {
            switch (cli.Verb)
            {
                case "list":
                    reports.ReadToEnd(ReportsTimeout);
                    await output.WriteAsync(List(options.Groups, host.Services.GetRequiredService<MembershipRegistry>().ReportingGroups())).ConfigureAwait(false);
                    return 0;
                case "reset-offsets":
                    return await ResetAsync(cli, group!, options, host.Services.GetRequiredService<OffsetResetService>(), reports, output, error).ConfigureAwait(false);
                default:
                    reports.ReadToEnd(ReportsTimeout);
                    var analysis = await SampleAsync(kafka, host.Services.GetRequiredService<GroupSampling>(), group!).ConfigureAwait(false);
                    await output.WriteAsync(cli.Verb switch
                    {
                        "members" => Members(analysis, cli.Flag("--verbose")),
                        "state" => State(analysis),
                        _ => Describe(analysis),
                    }).ConfigureAwait(false);
                    return 0;
            }
        }
        catch (KafkaException ex)
        {
            await error.WriteLineAsync($"error: Kafka at {kafka.BootstrapServers}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>How long the CLI reads the reports topic's lookback window before it answers.</summary>
    private static readonly TimeSpan ReportsTimeout = TimeSpan.FromSeconds(10);

    /// <summary>--list, with where each group is known from: the configuration (Analyzer:Groups), the reports topic, or both.</summary>
    public static string List(IReadOnlyList<string> configured, IReadOnlyList<string> reporting) => TextTable.Format(
        ["GROUP", "SOURCE"],
        configured.Union(reporting, StringComparer.Ordinal).Select(g => (IReadOnlyList<string?>)[g, string.Join("+",
            new[] { configured.Contains(g) ? "configuration" : null, reporting.Contains(g) ? "reports" : null }.OfType<string>())]));

    public static string Describe(GroupAnalysis a) => TextTable.Format(
        ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID", "REPLICA", "STATUS"],
        a.Partitions.Select(p => (IReadOnlyList<string?>)[a.Group, p.Topic, I(p.Partition), p.CurrentOffset is { } c ? I(c) : null, I(p.LogEndOffset),
            p.CurrentOffset is null ? null : I(p.Lag), p.ConsumerId, p.Host, p.ClientId, p.Replica, p.Status.ToBurrowName()]));

    public static string Members(GroupAnalysis a, bool verbose) => verbose
        ? TextTable.Format(["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"],
            a.Members.Select(m => (IReadOnlyList<string?>)[a.Group, m.MemberId, m.Host, m.ClientId, I(m.Partitions.Count),
                m.Partitions.Count == 0 ? null : $"{a.Topic}({string.Join(",", m.Partitions)})"]))
        : TextTable.Format(["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"],
            a.Members.Select(m => (IReadOnlyList<string?>)[a.Group, m.MemberId, m.Host, m.ClientId, I(m.Partitions.Count)]));

    /// <summary>--describe --state; an unknown member count prints as "-"; STATE-SOURCE and MEMBERS-SOURCE say where the
    /// state and the members come from (the broker, the reports, or unknown).</summary>
    public static string State(GroupAnalysis a) => TextTable.Format(
        ["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS", "STATE-SOURCE", "MEMBERS-SOURCE", "PROTOCOL"],
        [[a.Group, null, a.Members.FirstOrDefault()?.Strategy, a.State, a.ActiveMembers is { } n ? I(n) : null, a.StateSource, a.MembershipSource, a.Protocol]]);

    public static string ResetPlan(string group, IReadOnlyList<OffsetResetRow> rows) => TextTable.Format(
        ["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"],
        rows.Select(r => (IReadOnlyList<string?>)[group, r.Topic, I(r.Partition), I(r.NewOffset)]));

    private static async Task<int> ResetAsync(CliArguments cli, string group, AnalyzerOptions options, OffsetResetService resets,
        ReportsReader reports, TextWriter output, TextWriter error)
    {
        var (to, value) = cli.Flag("--to-earliest") ? ("earliest", null)
            : cli.Flag("--to-latest") ? ("latest", null)
            : cli.Value("--to-offset") is { } o ? ("offset", o)
            : cli.Value("--to-datetime") is { } d ? ("datetime", d)
            : cli.Value("--shift-by") is { } s ? ("shift-by", s)
            : ((string?)null, (string?)null);
        var (request, errors) = OffsetResetRequest.Parse(to, value, cli.Value("--topic"), cli.Value("--partitions"), options.Topic);
        if (request is null)
        {
            foreach (var (field, messages) in errors)
            {
                await error.WriteLineAsync($"error: {field}: {string.Join("; ", messages)} (use --to-earliest, --to-latest, --to-offset N, --to-datetime T or --shift-by N)").ConfigureAwait(false);
            }

            return 2;
        }
        var plan = await resets.PlanAsync(group, request, CancellationToken.None).ConfigureAwait(false);
        if (plan.InvalidField is not null)
        {
            await error.WriteLineAsync($"error: {plan.InvalidField}: {plan.Error}").ConfigureAwait(false);
            return 2;
        }
        if (!cli.Flag("--execute"))
        {
            await output.WriteAsync(ResetPlan(group, plan.Rows)).ConfigureAwait(false);
            return 0;
        }
        reports.ReadToEnd(ReportsTimeout);
        var outcome = await resets.ExecuteAsync(group, plan.Rows, CancellationToken.None).ConfigureAwait(false);
        if (outcome.Rows is not { } applied)
        {
            await error.WriteLineAsync(outcome.ActiveMembers.Count > 0
                ? $"Error: Assignments can only be reset if the group '{group}' is inactive, but the current state is Stable (members: {string.Join(", ", outcome.ActiveMembers)})."
                : $"Error: {outcome.RefusedBecause}").ConfigureAwait(false);
            return 1;
        }
        await output.WriteAsync(ResetPlan(group, applied)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<GroupAnalysis> SampleAsync(KafkaClientFactory kafka, GroupSampling sampling, string group)
    {
        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        var log = await sampling.ReadLogAsync(reader, CancellationToken.None).ConfigureAwait(false);
        return await sampling.SampleAsync(reader, group, log, CancellationToken.None).ConfigureAwait(false);
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
