using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OrdersAspire.Bench.Running;

/// <summary>A service of this repository run as a separate process, output captured. Every instance is tracked so
/// that <see cref="KillAll"/> (called on exit, also after a failure or Ctrl+C) leaves nothing running.</summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly ConcurrentDictionary<int, ChildProcess> Running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public IEnumerable<string> Output => _output;

    /// <summary>Runs <c>dotnet &lt;dll&gt;</c> with a random loopback port, production settings and no OTLP export;
    /// with <paramref name="cpu"/>, pinned to that core (<c>taskset -c</c>, which execs dotnet in the same process), as a
    /// pod with a one-CPU limit: the runtime then also sees one processor.</summary>
    public static ChildProcess StartDll(string dll, string name, IReadOnlyDictionary<string, string> environment, int? cpu = null)
    {
        var info = cpu is { } core
            ? new ProcessStartInfo("taskset", ["-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", dll])
            : new ProcessStartInfo("dotnet", [dll]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        StartInfoDefaults(info);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Start(info, name);
    }

    /// <summary>Runs any program (output captured, tracked for <see cref="KillAll"/>).</summary>
    public static ChildProcess StartProgram(string program, IReadOnlyList<string> arguments, string workingDirectory, string name,
        IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Start(info, name);
    }

    private static void StartInfoDefaults(ProcessStartInfo info)
    {
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
    }

    private static ChildProcess Start(ProcessStartInfo info, string name)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.Append(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.Append(e.Data); };
        process.Start();
        Running[process.Id] = child;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Append(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }

    public async Task<string> WaitForOutputAsync(Func<string, bool> match, string what, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var line = _output.FirstOrDefault(match);
            if (line is not null) return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing {what}:\n{Tail()}");
            try { await Task.Delay(50, cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not print {what} within {timeout.TotalSeconds:0} s:\n{Tail()}");
            }
        }
    }

    public Task<string> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForOutputAsync(l => l.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout, cancellationToken);

    /// <summary>SIGTERM: the graceful stop Aspire and Kubernetes send.</summary>
    public void Terminate()
    {
        if (!_process.HasExited) _ = SendSignal(_process.Id, 15);
    }

    /// <summary>SIGINT: what Ctrl+C sends (the AppHost stops its resources on it).</summary>
    public void Interrupt()
    {
        if (!_process.HasExited) _ = SendSignal(_process.Id, 2);
    }

    /// <summary>SIGKILL: dies at once, without leaving the group or committing.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    /// <summary>Waits for the exit; past <paramref name="timeout"/> kills the process and returns null.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            KillHard();
            return null;
        }
    }

    public string Tail(int lines = 30) => string.Join('\n', _output.TakeLast(lines));

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    /// <summary>Kills every child still running (one by one, by id).</summary>
    public static void KillAll()
    {
        foreach (var child in Running.Values.ToList())
        {
            try { child.Dispose(); }
            catch (Exception) { /* best effort at exit */ }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
