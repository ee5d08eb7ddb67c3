using System.Diagnostics;
using OrdersAspire.Bench.Running;

namespace OrdersAspire.Bench.Idle;

/// <summary>The whole system as a developer runs it: the built AppHost (<c>dotnet AppHost.dll</c> in the AppHost project
/// directory, with the http launch profile's environment), which starts DCP, the dashboard and every service. Stopping signals the AppHost itself
/// (SIGINT, as Ctrl+C does), waits for DCP to stop the services, and kills by pid whatever its orchestrator started
/// that is still there.</summary>
public sealed class AppHostRun : IAsyncDisposable
{
    private readonly ServiceProcess _appHost;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bench-idle-").FullName;
    private readonly HashSet<int> _sessions = [];
    private readonly HashSet<int> _orchestrators = [];

    private AppHostRun(string dll)
    {
        // From the project directory, as `dotnet run --project AppHost` runs it: the AppHost reads its appsettings.json
        // (topology, the embedded broker's consumer settings) from the working directory, not from bin/.
        _appHost = ServiceProcess.StartProgram("dotnet", [dll, $"--Topology:DataDirectory={_dataDirectory}"], Path.Combine(RepositoryPaths.Root, "AppHost"), "apphost",
            new Dictionary<string, string?>
            {
                // AppHost/Properties/launchSettings.json, profile "http".
                ["ASPNETCORE_URLS"] = "http://localhost:15888",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:19999",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
            });
    }

    public int Pid => _appHost.Pid;

    /// <summary>What was left after the stop and had to be killed (empty when everything stopped by itself).</summary>
    public IReadOnlyList<string> KilledLeftovers { get; private set; } = [];

    public static AppHostRun Start(string dll) => new(dll);

    /// <summary>DCP's processes for this AppHost: its API server (<c>--monitor &lt;apphost pid&gt;</c>) and controllers
    /// (<c>--monitor &lt;api server pid&gt;</c>), whose session holds every resource it starts.</summary>
    public IReadOnlyList<ProcessStat> Orchestrated()
    {
        var all = ProcessStat.ReadAll();
        foreach (var server in all.Where(p => Monitors(p, _appHost.Pid)))
        {
            _orchestrators.Add(server.Pid);
            foreach (var controllers in all.Where(p => Monitors(p, server.Pid)))
            {
                _orchestrators.Add(controllers.Pid);
                _sessions.Add(controllers.Session);
            }
        }
        return [.. all.Where(p => _sessions.Contains(p.Session) || _orchestrators.Contains(p.Pid))];
    }

    private static bool Monitors(ProcessStat process, int pid)
    {
        var args = process.CommandLine;
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == "--monitor" && args[i + 1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return true;
            }
        }
        return false;
    }

    public string Tail() => _appHost.Tail();

    public bool HasExited => _appHost.HasExited;

    public async ValueTask DisposeAsync()
    {
        Orchestrated(); // remember DCP's session even if the AppHost goes first
        _appHost.Interrupt();
        if (await _appHost.WaitForExitOrNullAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false) is null)
        {
            _appHost.KillHard();
            Console.WriteLine("  idle: the AppHost did not stop within 30 s of SIGINT and was killed");
        }
        var watch = Stopwatch.StartNew();
        IReadOnlyList<ProcessStat> left;
        while ((left = Orchestrated()).Count > 0 && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250).ConfigureAwait(false);
        }

        KilledLeftovers = [.. left.Select(p => $"{p.Pid} {string.Join(' ', p.CommandLine)}")];
        foreach (var process in left)
        {
            try { Process.GetProcessById(process.Pid).Kill(); }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        _appHost.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
