using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.AppHost.Tests;

/// <summary>The whole AppHost started through Aspire.Hosting.Testing (embedded Kafka unless the arguments say
/// otherwise, random ports, no dashboard), with helpers to wait on its resources. Disposing stops every process it started.</summary>
public sealed class RunningSystem : IAsyncDisposable
{
    public static readonly string[] Services = [ResourceNames.LoadGenerator, ResourceNames.OrderProcessors, ResourceNames.Analytics, ResourceNames.Analyzer];
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _watching = new();

    private RunningSystem(DistributedApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
    }

    public DistributedApplication App { get; }

    /// <summary>Where this run's effect stores live: a directory per group, one SQLite file per partition inside.</summary>
    public string DataDirectory { get; }

    public static async Task<RunningSystem> StartAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var dataDirectory = Directory.CreateTempSubdirectory("orders-apphost-test-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. args, "--Kafka:Embedded:GroupInitialRebalanceDelayMs=500", $"--Topology:DataDirectory={dataDirectory}"], cts.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
            // Each resource's console output is forwarded as logs: keep its warnings and errors only.
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            // Health probes fail while resources start; that is expected, not worth a stack trace each.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync(cts.Token);
        var system = new RunningSystem(app, dataDirectory);
        try
        {
            await app.StartAsync(cts.Token);
            _ = system.WatchResourcesAsync();
            // An external cluster (--Kafka:Mode=external) has no broker resource of ours.
            string[] kafka = args.Contains("--Kafka:Mode=external") ? [ResourceNames.Kafka] : [ResourceNames.KafkaBroker, ResourceNames.Kafka];
            await system.WaitForHealthyAsync([.. kafka, .. Services], cts.Token);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async Task WaitForHealthyAsync(IEnumerable<string> resources, CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
    }

    public HttpClient Http(string resource) => App.CreateHttpClient(resource, "http");

    public Task<string?> KafkaBootstrapAsync(CancellationToken cancellationToken) =>
        App.GetConnectionStringAsync(ResourceNames.Kafka, cancellationToken).AsTask();

    /// <summary>The replica instances of a project that are currently Running, by DCP resource id.</summary>
    public Task<IReadOnlyList<Replica>> WaitForRunningReplicasAsync(string resource, int expected, CancellationToken cancellationToken) =>
        Eventually.ResultAsync(() => Task.FromResult<IReadOnlyList<Replica>>([.. Replicas(resource).Where(r => r.State == KnownResourceStates.Running)]),
            running => running.Count == expected, StartTimeout, $"{expected} running {resource} replicas", cancellationToken: cancellationToken);

    /// <summary>Every process a resource of this run had (DCP's process and what it started), as seen while it ran:
    /// disposal makes sure none of them outlives the run.</summary>
    private readonly ConcurrentDictionary<ProcessTree.Identity, bool> _processesSeen = new();

    private async Task WatchResourcesAsync()
    {
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(_watching.Token))
            {
                _latest[e.ResourceId] = e;
                if (PidOf(e) is { } pid)
                {
                    RememberProcessTree(pid);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private void RememberProcessTree(int pid)
    {
        if (ProcessTree.Find(pid) is { } process)
        {
            _processesSeen[process] = true;
        }

        foreach (var descendant in ProcessTree.Descendants(pid))
        {
            _processesSeen[descendant] = true;
        }
    }

    /// <summary>The process id DCP reports, when it has one: a replica not started yet (or not any more) reports 0, whose
    /// "descendants" would be every process on the machine.</summary>
    private static int? PidOf(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
        && int.TryParse(Convert.ToString(pid, CultureInfo.InvariantCulture), out var id) && id > 1 ? id : null;

    /// <summary>The replicas of a project as DCP last reported them: resource id, state and the id of the process DCP
    /// started (for a project, <c>dotnet run</c>: see <see cref="ServiceProcessOf"/>).</summary>
    public IReadOnlyList<Replica> Replicas(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource).Select(e => new Replica(e.ResourceId, e.Snapshot.State?.Text, PidOf(e)))
            .OrderBy(r => r.ResourceId, StringComparer.Ordinal)];

    /// <summary>The service's own process behind a replica. DCP runs a project as <c>dotnet run --no-build</c>, and the
    /// pid it reports is that launcher's; the service is its child. Killing the launcher instead leaves the service
    /// running, orphaned and unknown to DCP, so it outlives the AppHost: a crash must kill this process.</summary>
    public static ProcessTree.Identity ServiceProcessOf(Replica replica)
    {
        Assert.True(replica.Pid is not null, $"{replica.ResourceId} has no process id");
        var launcher = ProcessTree.Find(replica.Pid.Value);
        Assert.True(launcher is not null, $"{replica.ResourceId}'s process {replica.Pid} is not running");
        // The launcher's own children; the service runs from its native launcher (named after the project) where it
        // has one, else as "dotnet Service.dll".
        var children = ProcessTree.Descendants(replica.Pid.Value);
        // A launcher that is the service itself (an executable, or a project started without dotnet run) has no child.
        return children.Count == 0 ? launcher : children.FirstOrDefault(c => c.Name != "dotnet") ?? children[0];
    }

    /// <summary>kill -9 of a replica's service process (a crash: no leave, no commit); returns the process killed. Its
    /// launcher then exits with it and DCP sees the replica stop.</summary>
    public ProcessTree.Identity Crash(Replica replica)
    {
        var service = ServiceProcessOf(replica);
        _processesSeen[service] = true;
        _ = Signal(service.Pid, 9);
        return service;
    }

    public async Task ExecuteAsync(string resourceId, string command, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceId, command, cancellationToken);
        if (result.Success)
        {
            return;
        }

        Assert.Equal(KnownResourceCommands.StopCommand, command); // only a stop has a known fallback
        // Seen here on a loaded machine: DCP reports "timed out waiting for process to stop" and leaves the replica
        // in state Unknown. A stop is a SIGTERM to the replica; send it ourselves and wait for the exit to be seen.
        var pid = Replicas(_latest[resourceId].Resource.Name).Single(r => r.ResourceId == resourceId).Pid;
        Assert.True(pid is not null, $"{command} on {resourceId} failed ({result.Message}) and its process id is unknown");
        _ = Signal(pid.Value, 15); // dotnet run passes SIGTERM on to the service
        await Eventually.UntilAsync(() => !ProcessIsAlive(pid.Value), TimeSpan.FromSeconds(60),
            $"{resourceId} (pid {pid}) to exit after SIGTERM", cancellationToken: cancellationToken);
    }

    private static bool ProcessIsAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    /// <summary>Rows in a group's effect store over all its partition files (order-processors: processed orders;
    /// analytics: counted orders).</summary>
    public async Task<long> StoreCountAsync(string group, CancellationToken cancellationToken) =>
        (await QueryStoreAsync(group, $"SELECT count(*) FROM {EffectsTable(group)}", r => r.GetInt64(0), cancellationToken)).Sum();

    /// <summary>The longest stretch in which a group processed nothing, between its first and last order processed
    /// since <paramref name="since"/>.</summary>
    public async Task<TimeSpan> LongestProcessingGapAsync(string group, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var times = await QueryStoreAsync(group,
            $"SELECT processed_at_ms FROM {EffectsTable(group)} WHERE processed_at_ms >= {since.ToUnixTimeMilliseconds()}",
            r => r.GetInt64(0), cancellationToken);
        times.Sort();
        long longest = 0;
        for (var i = 1; i < times.Count; i++)
        {
            longest = Math.Max(longest, times[i] - times[i - 1]);
        }

        return TimeSpan.FromMilliseconds(longest);
    }

    private static string EffectsTable(string group) => group == "analytics" ? "analytics_seen" : "processed_orders";

    /// <summary>Runs <paramref name="sql"/> on every partition file of the group's store (read-only, unpooled); a file
    /// whose tables are not created yet counts as empty.</summary>
    private async Task<List<T>> QueryStoreAsync<T>(string group, string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var directory = Path.Combine(DataDirectory, group);
        if (!Directory.Exists(directory))
        {
            return rows;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "partition-*.db"))
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(cancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(read(reader));
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal)) { }
        }
        return rows;
    }

    public sealed record Replica(string ResourceId, string? State, int? Pid);

    public async ValueTask DisposeAsync()
    {
        // The services as they are now, also those started since their launcher was last reported.
        foreach (var pid in _latest.Values.Select(PidOf).OfType<int>())
        {
            RememberProcessTree(pid);
        }

        _watching.Cancel();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await App.StopAsync(cts.Token); }
        catch (Exception) { /* disposal below still tears the processes down */ }
        await App.DisposeAsync();
        await StopLeftoversAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A safety net behind DCP's teardown: nothing this run started may survive it. A service that got its
    /// SIGTERM may still be stopping (leaving its group takes seconds), so give it a moment; then kill what is left,
    /// and say so.</summary>
    private async Task StopLeftoversAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        List<ProcessTree.Identity> alive;
        while ((alive = [.. _processesSeen.Keys.Where(p => p.IsAlive)]).Count > 0 && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
        }

        foreach (var process in alive)
        {
            Console.Error.WriteLine($"RunningSystem: {process.Name} (pid {process.Pid}) outlived the AppHost; killing it");
            _ = Signal(process.Pid, 9);
        }
    }
}
