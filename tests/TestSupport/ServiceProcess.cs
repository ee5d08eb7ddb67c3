using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrdersAspire.Testing;

/// <summary>A service of this repository (or any program) run as a real, separate process, as Aspire runs a replica,
/// with its output captured (each line with the time it arrived) and its HTTP address read from Kestrel's "Now
/// listening on" line. Used by the tests and the bench. Dispose kills it if it is still running, so nothing outlives
/// the test that started it, also when it fails; every instance is tracked, and <see cref="KillAll"/> (the bench calls
/// it on exit and after each section) kills those still running, one by one, by id.</summary>
public sealed partial class ServiceProcess : IDisposable
{
    /// <summary>Output lines kept per process (the oldest go first): bounds memory in long bench runs.</summary>
    private const int KeptLines = 20_000;

    private static readonly ConcurrentDictionary<int, ServiceProcess> Running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<OutputLine> _output = new();
    private int _disposed;

    private ServiceProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public IEnumerable<string> Output => _output.Select(l => l.Text);

    /// <summary>The output with the time each line arrived (the logs carry no timestamps of their own).</summary>
    public IEnumerable<OutputLine> TimedOutput => _output;

    /// <summary>Starts <c>services/{project}</c>'s built dll; see <see cref="StartDll"/>.</summary>
    public static ServiceProcess Start(string project, string name, IReadOnlyDictionary<string, string?> environment) =>
        StartDll(RepositoryPaths.ServiceDll(project), name, environment);

    /// <summary>Runs <c>dotnet &lt;dll&gt;</c> on a loopback port chosen by the OS (unless the environment sets
    /// ASPNETCORE_URLS), Production settings, simple console logs and no OTLP export. A null value removes that variable.
    /// With <paramref name="cpu"/> it is pinned to that core (<c>taskset -c</c>, which execs dotnet in the same
    /// process), as a pod with a one-CPU limit: the runtime then also sees one processor.</summary>
    public static ServiceProcess StartDll(string dll, string name, IReadOnlyDictionary<string, string?> environment, int? cpu = null)
    {
        var info = cpu is { } core
            ? new ProcessStartInfo("taskset", ["-c", core.ToString(CultureInfo.InvariantCulture), "dotnet", dll])
            : new ProcessStartInfo("dotnet", [dll]);
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        return Start(info, name, environment);
    }

    /// <summary>Runs any program with the given environment on top of this process's (no OTLP export).</summary>
    public static ServiceProcess StartProgram(string program, IReadOnlyList<string> arguments, string workingDirectory, string name,
        IReadOnlyDictionary<string, string?> environment) =>
        Start(new ProcessStartInfo(program, arguments) { WorkingDirectory = workingDirectory }, name, environment);

    private static ServiceProcess Start(ProcessStartInfo info, string name, IReadOnlyDictionary<string, string?> environment)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { service.Append(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { service.Append(e.Data); } };
        process.Start();
        Running[process.Id] = service;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    private void Append(string line)
    {
        _output.Enqueue(new(DateTimeOffset.UtcNow, line));
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }
    }

    /// <summary>The first address Kestrel reported listening on (waits for it).</summary>
    public async Task<Uri> WaitForAddressAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await WaitForOutputAsync(l => ListeningLine().IsMatch(l), "'Now listening on'", timeout, cancellationToken).ConfigureAwait(false);
        return Addresses()[0];
    }

    /// <summary>Every address Kestrel reported listening on so far.</summary>
    public IReadOnlyList<Uri> Addresses() =>
        [.. Output.Select(l => ListeningLine().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value))];

    /// <summary>Waits for the first line containing <paramref name="text"/> and returns it; fails at once if the process
    /// exits first.</summary>
    public Task<string> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForOutputAsync(l => l.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout, cancellationToken);

    /// <summary>Waits for the first line that matches; <paramref name="what"/> names it in the failure.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, string what, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string? found = null;
        await Eventually.UntilAsync(() => (found = Output.FirstOrDefault(match)) is not null || _process.HasExited, timeout,
            $"{Name} to print {what}", () => "output so far:\n" + Tail(), TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            _process.WaitForExit(); // exited: let the last output arrive before deciding
            found = Output.FirstOrDefault(match);
        }
        return found ?? throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing {what}:\n{Tail()}");
    }

    /// <summary>SIGTERM: the graceful stop Aspire and Kubernetes send.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, 15);
        }
    }

    /// <summary>SIGINT: what Ctrl+C sends (the AppHost stops its resources on it).</summary>
    public void Interrupt()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, 2);
        }
    }

    /// <summary>SIGKILL: the process dies mid-stream without leaving the group or committing.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the exit and returns the exit code; throws a <see cref="TimeoutException"/> (with the output's
    /// tail) if it does not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout) =>
        await WaitForExitOrNullAsync(timeout).ConfigureAwait(false)
        ?? throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0.#} s:\n{Tail()}");

    /// <summary>Waits for the exit; null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitOrNullAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public string Tail(int lines = 40) => string.Join('\n', Output.TakeLast(lines));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        Running.TryRemove(new KeyValuePair<int, ServiceProcess>(_process.Id, this));
        _process.Dispose();
    }

    /// <summary>Kills every process started here that is still running (one by one, by id).</summary>
    public static void KillAll()
    {
        foreach (var service in Running.Values.ToList())
        {
            try { service.Dispose(); }
            catch (Exception) { /* best effort: the others must still go */ }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>A line a process printed, and when it arrived.</summary>
public sealed record OutputLine(DateTimeOffset At, string Text);
