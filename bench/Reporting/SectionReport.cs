using System.Globalization;
using System.Text;

namespace OrdersAspire.Bench.Reporting;

/// <summary>One section of the report: its markdown body and the goals it checked.</summary>
public sealed class SectionReport(string name)
{
    private readonly StringBuilder _body = new();

    public string Name { get; } = name;
    public List<GoalResult> Goals { get; } = [];
    public TimeSpan Elapsed { get; set; }

    /// <summary>False when the section could not measure (a dependency missing or a failure); the reason is in the body.</summary>
    public bool Measured { get; set; } = true;

    /// <summary>True when the section failed unexpectedly (the program then exits non-zero).</summary>
    public bool Failed { get; set; }

    public string Body => _body.ToString();

    public SectionReport Line(string text = "")
    {
        _body.AppendLine(text);
        return this;
    }

    public SectionReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.AppendLine("| " + string.Join(" | ", header) + " |");
        _body.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            _body.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        _body.AppendLine();
        return this;
    }

    public SectionReport Goal(string goal, string measured, bool? met)
    {
        Goals.Add(new GoalResult(Name, goal, measured, met));
        return this;
    }

    public SectionReport NotMeasured(string reason)
    {
        Measured = false;
        return Line($"**Not measured:** {reason}");
    }

    public static string F(double value, string format = "0.0") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string N(double value) => double.IsNaN(value) ? "n/a" : value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Every round, then the median and the spread: <c>"5,010, 4,870, 5,230 (median 5,010, 4,870–5,230)"</c>.</summary>
    public static string Rounds(IReadOnlyCollection<double> values, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(format);
        if (values.Count == 0)
        {
            return "n/a";
        }

        var all = string.Join(", ", values.Select(format));
        if (values.Count == 1)
        {
            return all;
        }

        return $"{all} (median {format(Stats.Median(values))}, {format(values.Min())}–{format(values.Max())})";
    }
}

/// <summary>A goal of the benchmark and what this run measured; <c>Met</c> is null for a figure reported without a
/// target.</summary>
public sealed record GoalResult(string Section, string Goal, string Measured, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "**not met**", null => "reported (no target)" };
}
