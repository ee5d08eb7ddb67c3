using System.Text.Json;

namespace OrdersAspire.Observability.Tests.Dashboards;

/// <summary>A provisioned Grafana dashboard, read from its JSON: panels with their PromQL targets, and variables.</summary>
public sealed record GrafanaDashboard(string File, string Uid, string Title, IReadOnlyList<GrafanaPanel> Panels, IReadOnlyList<GrafanaVariable> Variables)
{
    public IEnumerable<GrafanaQuery> Queries =>
        Panels.SelectMany(panel => panel.Targets.Select(target => new GrafanaQuery(this, panel, target.RefId, target.Expr)));

    public static GrafanaDashboard Load(string file)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        var root = document.RootElement;
        var panels = new List<GrafanaPanel>();
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            AddPanel(panels, panel);
        }

        var variables = new List<GrafanaVariable>();
        if (root.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray())
            {
                var query = variable.GetProperty("query");
                variables.Add(new GrafanaVariable(
                    variable.GetProperty("name").GetString()!,
                    variable.GetProperty("type").GetString()!,
                    query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!,
                    DatasourceUid(variable)));
            }
        }

        return new GrafanaDashboard(Path.GetFileName(file), root.GetProperty("uid").GetString()!, root.GetProperty("title").GetString()!, panels, variables);
    }

    private static void AddPanel(List<GrafanaPanel> panels, JsonElement panel)
    {
        var type = panel.GetProperty("type").GetString()!;
        if (type == "row")
        {
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var child in nested.EnumerateArray())
                {
                    AddPanel(panels, child);
                }
            }

            return;
        }

        var targets = panel.TryGetProperty("targets", out var t)
            ? t.EnumerateArray().Select(target => new GrafanaTarget(
                target.GetProperty("refId").GetString()!,
                target.TryGetProperty("expr", out var expr) ? expr.GetString() ?? "" : "",
                DatasourceUid(target))).ToList()
            : [];
        panels.Add(new GrafanaPanel(panel.GetProperty("id").GetInt32(), panel.GetProperty("title").GetString()!, type, DatasourceUid(panel), targets));
    }

    private static string? DatasourceUid(JsonElement element) =>
        element.TryGetProperty("datasource", out var ds) && ds.ValueKind == JsonValueKind.Object && ds.TryGetProperty("uid", out var uid)
            ? uid.GetString()
            : null;
}

public sealed record GrafanaPanel(int Id, string Title, string Type, string? DatasourceUid, IReadOnlyList<GrafanaTarget> Targets);

public sealed record GrafanaTarget(string RefId, string Expr, string? DatasourceUid);

public sealed record GrafanaVariable(string Name, string Type, string Query, string? DatasourceUid);

public sealed record GrafanaQuery(GrafanaDashboard Dashboard, GrafanaPanel Panel, string RefId, string Expr)
{
    public override string ToString() => $"{Dashboard.Title} / {Panel.Title} / {RefId}: {Expr}";
}
