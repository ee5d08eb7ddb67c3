using System.Text;

namespace OrdersAspire.Analyzer.Cli;

/// <summary>Left-aligned columns separated by at least one space, each as wide as its widest cell — the layout
/// kafka-consumer-groups prints. Missing values print as "-".</summary>
public static class TextTable
{
    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = rows.Select(r => r.Select(c => string.IsNullOrEmpty(c) ? "-" : c).ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToList();
        var text = new StringBuilder();
        Append(text, headers, widths);
        foreach (var row in cells)
        {
            Append(text, row, widths);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Count; i++)
        {
            var cell = i < cells.Count ? cells[i] : "-";
            line.Append(i == widths.Count - 1 ? cell : cell.PadRight(widths[i] + 1));
        }
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
