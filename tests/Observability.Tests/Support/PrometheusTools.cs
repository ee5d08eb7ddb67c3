using System.Diagnostics;
using System.Text;

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

    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a tool to completion (bounded by <see cref="ToolTimeout"/>) and returns its exit code and output.</summary>
    public static async Task<ToolResult> RunAsync(string executable, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} did not finish within {ToolTimeout.TotalSeconds} s");
        }
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return new ToolResult(process.ExitCode, $"$ {Path.GetFileName(executable)} {string.Join(' ', arguments)}\n{output}");
    }
}

public sealed record ToolResult(int ExitCode, string Output);
