using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analysis.Configuration;

/// <summary>Configuration section <c>Analyzer</c>.</summary>
public sealed class AnalyzerOptions
{
    public const string SectionName = "Analyzer";

    /// <summary>The topic the groups consume.</summary>
    public string Topic { get; set; } = "order-events";

    /// <summary>Where consumers publish their <c>ConsumerReport</c>s.</summary>
    public string ReportsTopic { get; set; } = "consumer-group-reports";

    /// <summary>The groups to analyze from the start (ListConsumerGroups is never called: it crashes against the embedded
    /// broker). Any other group with committed offsets is watched from the first request that names it.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>How many groups the analyzer watches in all, configured ones included; a request for one more is refused.</summary>
    public int MaxWatchedGroups { get; set; } = 20;

    /// <summary><c>reports</c> (consumers' reports topic), <c>admin</c> (DescribeConsumerGroups) or <c>auto</c> (chosen per
    /// group and sample: the broker while it describes the group, the reports otherwise, asking the broker again later).</summary>
    public string MembershipSource { get; set; } = MembershipSources.Auto;

    public int SampleIntervalMs { get; set; } = 1000;

    /// <summary>How often consumers report; a member silent for 3 intervals is considered gone.</summary>
    public int ReportIntervalMs { get; set; } = 2000;

    /// <summary>How far back the reports topic is read at start-up.</summary>
    public int ReportsLookbackSeconds { get; set; } = 60;

    /// <summary>Window over which incoming and processing rates are measured.</summary>
    public int RateWindowSeconds { get; set; } = 15;

    /// <summary>Burrow's window: commits kept per partition.</summary>
    public int StatusWindowSize { get; set; } = 10;

    /// <summary>(offset, time) points kept per partition for lag in seconds.</summary>
    public int LagTableSize { get; set; } = 300;

    /// <summary>Callbacks further apart than this belong to different rebalances (when no generation is reported).</summary>
    public int RebalanceGapMs { get; set; } = 3000;

    /// <summary>Target time for the replica advice to drain the lag.</summary>
    public int DrainTargetSeconds { get; set; } = 300;

    /// <summary>How long a member that vanished without leaving is reported as down.</summary>
    public int DownMemberRetentionSeconds { get; set; } = 300;

    /// <summary>Key required (header <c>X-Admin-Key</c>) to execute offset resets; none configured → execution refused.</summary>
    public string? AdminKey { get; set; }

    public AlertThresholds Alerts { get; set; } = new();

    /// <summary>Autoscaling per group id (<c>Analyzer:Autoscale:order-processors:LagThreshold</c>, …): the rule's settings
    /// for the group's advice and, where <see cref="AutoscaleSettings.Enabled"/>, its autoscale decisions.</summary>
    public Dictionary<string, AutoscaleSettings> Autoscale { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The group's autoscale settings, or null when it has none.</summary>
    public AutoscaleSettings? AutoscaleFor(string group) => Autoscale.GetValueOrDefault(group);

    /// <summary>The configuration's errors; <paramref name="requireGroups"/> is false for the CLI, which names its group
    /// on the command line.</summary>
    public IEnumerable<string> Validate(bool requireGroups = true)
    {
        if (string.IsNullOrWhiteSpace(Topic))
        {
            yield return "Analyzer:Topic is required";
        }

        if (string.IsNullOrWhiteSpace(ReportsTopic))
        {
            yield return "Analyzer:ReportsTopic is required";
        }

        if ((requireGroups && Groups.Count == 0) || Groups.Any(string.IsNullOrWhiteSpace))
        {
            yield return "Analyzer:Groups must list at least one group id (e.g. Analyzer__Groups__0=order-processors)";
        }

        if (MaxWatchedGroups < Groups.Distinct(StringComparer.Ordinal).Count())
        {
            yield return $"Analyzer:MaxWatchedGroups must be ≥ the {Groups.Count} configured group(s)";
        }

        foreach (var group in Groups.Where(g => !string.IsNullOrWhiteSpace(g)))
        {
            if (GroupName.Validate(group) is { } invalid)
            {
                yield return $"Analyzer:Groups: '{group}': {invalid}";
            }
        }

        if (!MembershipSources.All.Contains(MembershipSource))
        {
            yield return $"Analyzer:MembershipSource must be one of {string.Join(", ", MembershipSources.All)}";
        }

        if (SampleIntervalMs < 50)
        {
            yield return "Analyzer:SampleIntervalMs must be ≥ 50";
        }

        if (ReportIntervalMs < 50)
        {
            yield return "Analyzer:ReportIntervalMs must be ≥ 50";
        }

        if (ReportsLookbackSeconds < 0)
        {
            yield return "Analyzer:ReportsLookbackSeconds must be ≥ 0";
        }

        if (RateWindowSeconds < 1)
        {
            yield return "Analyzer:RateWindowSeconds must be ≥ 1";
        }

        if (StatusWindowSize < 2)
        {
            yield return "Analyzer:StatusWindowSize must be ≥ 2";
        }

        if (LagTableSize < 2)
        {
            yield return "Analyzer:LagTableSize must be ≥ 2";
        }

        if (RebalanceGapMs < 1)
        {
            yield return "Analyzer:RebalanceGapMs must be ≥ 1";
        }

        if (DrainTargetSeconds < 1)
        {
            yield return "Analyzer:DrainTargetSeconds must be ≥ 1";
        }

        foreach (var error in Alerts.Validate())
        {
            yield return "Analyzer:Alerts:" + error;
        }

        foreach (var (group, settings) in Autoscale)
        {
            if (GroupName.Validate(group) is { } invalid)
            {
                yield return $"Analyzer:Autoscale: '{group}': {invalid}";
            }

            foreach (var error in settings.Validate($"Analyzer:Autoscale:{group}"))
            {
                yield return error;
            }
        }
    }
}

public static class MembershipSources
{
    public const string Reports = "reports";
    public const string Admin = "admin";
    public const string Auto = "auto";
    public static readonly IReadOnlyList<string> All = [Reports, Admin, Auto];
}
