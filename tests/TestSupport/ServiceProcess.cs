using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrdersAspire.Testing;

/// <summary>A service of this repository run as a real, separate process (as Aspire runs a replica), with its
/// output captured and its HTTP address read from Kestrel's "Now listening on" line. Dispose kills it if it is
/// still running, so no test leaves a process behind, also when it fails.</summary>
public sealed partial class ServiceProcess : IDisposable
{
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

    /// <summary>Starts <c>services/{project}</c> on a loopback port chosen by the OS (unless the environment sets
    /// ASPNETCORE_URLS or removes it with an empty value).</summary>
    public static ServiceProcess Start(string project, string name, IReadOnlyDictionary<string, string?> environment)
    {
        var dll = RepositoryPaths.ServiceDll(project);
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(new(DateTimeOffset.UtcNow, e.Data)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(new(DateTimeOffset.UtcNow, e.Data)); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The first address Kestrel reported listening on (waits for it).</summary>
    public async Task<Uri> WaitForAddressAsync(TimeSpan timeout)
    {
        await WaitForOutputAsync("Now listening on:", timeout);
        return Addresses().First();
    }

    /// <summary>Every address Kestrel reported listening on so far.</summary>
    public IReadOnlyList<Uri> Addresses() =>
        [.. Output.Select(l => ListeningLine().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value))];

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!Output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing '{text}':\n{Tail()}");
            try { await Task.Delay(50, cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"{Name} did not print '{text}' within {timeout}:\n{Tail()}"); }
        }
    }

    /// <summary>SIGTERM: the graceful stop Aspire and Kubernetes send.</summary>
    public void Terminate()
    {
        if (!_process.HasExited) _ = Kill(_process.Id, 15);
    }

    /// <summary>SIGKILL: the process dies mid-stream without leaving the group or committing.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Tail()}"); }
        return _process.ExitCode;
    }

    public string Tail(int lines = 40) => string.Join('\n', Output.TakeLast(lines));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>A line a service printed, and when it arrived.</summary>
public sealed record OutputLine(DateTimeOffset At, string Text);
