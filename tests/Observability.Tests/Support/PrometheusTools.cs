using OrdersAspire.Testing;

namespace OrdersAspire.Observability.Tests.Support;

/// <summary>Debian's <c>prometheus</c> and <c>promtool</c>. On a developer machine without them the tests that need
/// them are skipped; under CI (<c>CI=true</c>) a missing binary fails the test instead.</summary>
public static class PrometheusTools
{
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The binary's full path; skips the test when it is missing, or fails it under CI.</summary>
    public static string Require(string program)
    {
        var path = Find(program);
        if (path is null && OnCi)
        {
            Assert.Fail($"'{program}' is not on PATH: install prometheus (apt-get install prometheus) — CI=true requires it");
        }

        Skip.If(path is null, $"'{program}' is not on PATH (apt-get install prometheus)");
        return path!;
    }

    public static string? Find(string program) => ToolProcess.FindOnPath(program);

    /// <summary>Runs a tool to completion (bounded by <see cref="ToolTimeout"/>) and returns its exit code and output.</summary>
    public static async Task<ToolResult> RunAsync(string executable, string workingDirectory, params string[] arguments)
    {
        ToolProcess.Result result;
        try
        {
            result = await ToolProcess.RunAsync(executable, arguments, workingDirectory, ToolTimeout);
        }
        catch (TimeoutException ex)
        {
            Assert.Fail(ex.Message);
            throw;
        }
        return new ToolResult(result.ExitCode, $"$ {Path.GetFileName(executable)} {string.Join(' ', arguments)}\n{result.Output}{result.Error}");
    }
}

public sealed record ToolResult(int ExitCode, string Output);
