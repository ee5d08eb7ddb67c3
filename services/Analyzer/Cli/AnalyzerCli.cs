using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.Analysis.Sampling;
using OrdersAspire.ServiceDefaults.Kafka;
using OrdersAspire.GroupContracts.Reports;

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
            builder.Configuration["ConnectionStrings:kafka"] = bootstrap;
        builder.Configuration["ConnectionStrings:kafka"] ??= "localhost:9092";
        builder.Configuration["Aspire:Confluent:Kafka:Consumer:DisableMetrics"] = "true";
        builder.Configuration["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true";
        builder.AddKafkaClientFactory("kafka");
        builder.Services.Configure<AnalyzerOptions>(builder.Configuration.GetSection(AnalyzerOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new MembershipRegistry(
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<AnalyzerOptions>>().Value.ReportIntervalMs), TimeSpan.FromMinutes(5)));
        builder.Services.AddSingleton<OffsetResetService>();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<AnalyzerOptions>>().Value;
        var kafka = host.Services.GetRequiredService<KafkaClientFactory>();
        var registry = host.Services.GetRequiredService<MembershipRegistry>();

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
                    foreach (var g in options.Groups)
                        await output.WriteLineAsync(g).ConfigureAwait(false);
                    return 0;
                case "reset-offsets":
                    return await ResetAsync(cli, group!, options, host.Services.GetRequiredService<OffsetResetService>(), registry, kafka, output, error).ConfigureAwait(false);
                default:
                    ReadRecentReports(kafka, options, registry);
                    var analysis = await SampleAsync(kafka, options, registry, group!).ConfigureAwait(false);
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

    /// <summary>--describe --state; an unknown member count prints as "-", and STATE-SOURCE says where the state comes from.</summary>
    public static string State(GroupAnalysis a) => TextTable.Format(
        ["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS", "STATE-SOURCE", "PROTOCOL"],
        [[a.Group, null, a.Members.FirstOrDefault()?.Strategy, a.State, a.ActiveMembers is { } n ? I(n) : null, a.StateSource, a.Protocol]]);

    public static string ResetPlan(string group, IReadOnlyList<OffsetResetRow> rows) => TextTable.Format(
        ["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"],
        rows.Select(r => (IReadOnlyList<string?>)[group, r.Topic, I(r.Partition), I(r.NewOffset)]));

    private static async Task<int> ResetAsync(CliArguments cli, string group, AnalyzerOptions options, OffsetResetService resets,
        MembershipRegistry registry, KafkaClientFactory kafka, TextWriter output, TextWriter error)
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
                await error.WriteLineAsync($"error: {field}: {string.Join("; ", messages)} (use --to-earliest, --to-latest, --to-offset N, --to-datetime T or --shift-by N)").ConfigureAwait(false);
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
        ReadRecentReports(kafka, options, registry);
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

    private static async Task<GroupAnalysis> SampleAsync(KafkaClientFactory kafka, AnalyzerOptions options, MembershipRegistry registry, string group)
    {
        using var admin = kafka.CreateAdminClient();
        var reader = new KafkaGroupReader(admin);
        var count = reader.PartitionCount(options.Topic) ?? 0;
        var offsets = count == 0 ? [] : await reader.ReadOffsetsAsync(group, options.Topic, count, CancellationToken.None).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var hasReports = registry.HasReports(group);
        var membership = hasReports
            ? new GroupMembership(MembershipSources.Reports, registry.Active(group, now).Select(MembershipRegistry.ToMember).ToList(), HasReports: true)
            : new GroupMembership(GroupMembership.Unknown, [], HasReports: false);
        if (options.MembershipSource != MembershipSources.Reports && await reader.DescribeAsync(group, options.Topic).ConfigureAwait(false) is { } described)
            membership = new GroupMembership(MembershipSources.Admin, described.Members, hasReports, described.State, described.Protocol);
        return new GroupTracker(group, options).Analyze(options.Topic, now, offsets, membership, [], []);
    }

    /// <summary>Reads the reports of the last 3 report intervals, to the end of every partition.</summary>
    private static void ReadRecentReports(KafkaClientFactory kafka, AnalyzerOptions options, MembershipRegistry registry)
    {
        using var admin = kafka.CreateAdminClient();
        if (new KafkaGroupReader(admin).PartitionCount(options.ReportsTopic) is not { } count)
            return;
        var config = kafka.CreateConsumerConfig();
        config.GroupId = $"ordersaspire-analyzer-cli-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        using var consumer = kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var start = ReportsReader.StartOffsets(consumer, options.ReportsTopic, count, DateTimeOffset.UtcNow.AddMilliseconds(-3 * options.ReportIntervalMs))
            .Where(o => o.Offset.Value >= 0)
            .ToList();
        if (start.Count == 0)
            return;
        consumer.Assign(start);
        var pending = start.Select(s => s.Partition.Value).ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
                continue;
            if (result.IsPartitionEOF)
            {
                pending.Remove(result.Partition.Value);
                continue;
            }
            if (result.Message.Value is { } json && ConsumerReport.TryParse(json, out var report, out _))
                registry.Apply(report);
        }
        consumer.Close();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
