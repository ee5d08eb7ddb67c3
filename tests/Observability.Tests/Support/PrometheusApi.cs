using System.Text.Json;

namespace OrdersAspire.Observability.Tests.Support;

/// <summary>The parts of Prometheus' HTTP API the tests use: instant queries, rules and targets.</summary>
public sealed class PrometheusApi(HttpClient http)
{
    public async Task<QueryResult> QueryAsync(string expr, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("query", expr)]);
        using var response = await http.PostAsync("/api/v1/query", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return new QueryResult(expr, $"{root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}", []);
        }

        var data = root.GetProperty("data");
        var series = new List<IReadOnlyDictionary<string, string>>();
        if (data.GetProperty("resultType").GetString() is "vector" or "matrix")
        {
            foreach (var item in data.GetProperty("result").EnumerateArray())
            {
                series.Add(item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""));
            }
        }
        else
        {
            series.Add(new Dictionary<string, string>()); // scalar or string: one value
        }
        return new QueryResult(expr, null, series);
    }

    public async Task<IReadOnlyList<LoadedRule>> RulesAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/rules", cancellationToken));
        return
        [
            .. document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(group => group.GetProperty("rules").EnumerateArray())
                .Select(rule => new LoadedRule(
                    rule.GetProperty("name").GetString()!,
                    rule.GetProperty("type").GetString()!,
                    rule.GetProperty("query").GetString()!,
                    rule.GetProperty("health").GetString()!,
                    rule.TryGetProperty("lastError", out var error) ? error.GetString() : null)),
        ];
    }

    public async Task<IReadOnlyList<ScrapeTarget>> TargetsAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets?state=active", cancellationToken));
        return
        [
            .. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Select(target => new ScrapeTarget(
                    target.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                    target.GetProperty("health").GetString()!,
                    target.GetProperty("lastError").GetString() ?? "")),
        ];
    }
}

public sealed record QueryResult(string Expr, string? Error, IReadOnlyList<IReadOnlyDictionary<string, string>> Series)
{
    public bool Failed => Error is not null;

    public IEnumerable<string> LabelValues(params string[] labels) =>
        Series.SelectMany(s => labels.Select(l => s.TryGetValue(l, out var v) ? v : null)).OfType<string>();
}

public sealed record LoadedRule(string Name, string Type, string Query, string Health, string? LastError);

public sealed record ScrapeTarget(IReadOnlyDictionary<string, string> Labels, string Health, string LastError)
{
    public string Service => Labels.TryGetValue("service", out var s) ? s : "";
}
