using System.Diagnostics;
using System.Text;

namespace OrdersAspire.Deployment.Tests.Rendering;

/// <summary>Runs a program to completion within a deadline; on the deadline it is killed (with its children).</summary>
public static class BoundedProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
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
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // One bounded wait, for the exit and for the end of both streams.
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s and was killed");
        }
        lock (output) lock (error)
        {
            return new Result(process.ExitCode, output.ToString(), error.ToString());
        }
    }
}
