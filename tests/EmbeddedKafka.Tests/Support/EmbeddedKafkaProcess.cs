using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrdersAspire.EmbeddedKafka.Tests.Support;

/// <summary>
/// The EmbeddedKafka web app as a real child process (<c>dotnet EmbeddedKafka.dll</c> from the service's own build
/// output, so appsettings.json is its content root), listening on a free loopback port. Killed on dispose.
/// </summary>
public sealed partial class EmbeddedKafkaProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly SemaphoreSlim lineArrived = new(0);

    private EmbeddedKafkaProcess(Process process) => this.process = process;

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    public string Output => string.Join('\n', lines);

    public static EmbeddedKafkaProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var dll = RepositoryPaths.ServiceDll("EmbeddedKafka");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__DisableColors"] = "true";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = new EmbeddedKafkaProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        started.process.OutputDataReceived += (_, e) => started.Add(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Add(e.Data);
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the "Now listening on" line and returns the base address.</summary>
    public async Task<Uri> WaitForAddressAsync(TimeSpan timeout)
    {
        var line = await WaitForLineAsync(l => ListeningOn().IsMatch(l), timeout);
        return new Uri(ListeningOn().Match(line).Groups["url"].Value);
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            var snapshot = lines.ToArray();
            for (; seen < snapshot.Length; seen++)
            {
                if (predicate(snapshot[seen]))
                {
                    return snapshot[seen];
                }
            }

            if (process.HasExited && lines.Count == seen)
            {
                throw new InvalidOperationException($"The process exited ({process.ExitCode}) first. Output:\n{Output}");
            }

            try
            {
                await lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching line within {timeout}. Output:\n{Output}");
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout}. Output:\n{Output}");
        }

        // The parameterless wait also drains the redirected output, so Output is complete (the process has exited).
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container runtime or `kill` would.</summary>
    public void Terminate()
    {
        const int sigterm = 15;
        if (Kill(process.Id, sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(deadline.Token);
        }

        process.Dispose();
        lineArrived.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
            lineArrived.Release();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (?<url>http://[^\s]+)")]
    private static partial Regex ListeningOn();
}
