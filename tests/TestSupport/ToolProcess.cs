using System.Diagnostics;

namespace OrdersAspire.Testing;

/// <summary>A command-line tool the tests run to completion (kcat, promtool, kubectl): found on PATH, run within a
/// deadline with both streams drained, killed with its children when the deadline passes.</summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The program's full path on PATH, or null when it is not installed.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="program"/> to its exit; a <see cref="TimeoutException"/> naming the command when it
    /// has not finished within <paramref name="timeout"/> (it is killed first).</summary>
    public static async Task<Result> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        // Both streams are drained while the program runs, so a full pipe never blocks it.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s and was killed");
        }

        return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary><see cref="RunAsync"/> for callers that cannot await (lazy values, static initialisers).</summary>
    public static Result Run(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout) =>
        RunAsync(program, arguments, workingDirectory, timeout).GetAwaiter().GetResult();
}
