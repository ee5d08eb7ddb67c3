using System.Globalization;
using System.Runtime.InteropServices;

namespace OrdersAspire.AppHost.Scaling;

/// <summary>Asks a replica's service process to stop with SIGTERM, as Kubernetes does before a pod goes away. DCP runs a
/// project as <c>dotnet run</c> and its own stop signals that launcher, then kills it after a few seconds, which does not
/// reliably reach the service in time (a killed launcher leaves the service running, unknown to DCP). Signalling the
/// service itself lets it finish its batches, commit and leave the group within its own drain timeout. Linux only (it
/// reads <c>/proc</c>); elsewhere DCP's stop is all there is.</summary>
internal static class ReplicaProcess
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to the launcher's descendants (the service), or to the launcher when it has none; false
    /// when nothing could be signalled here.</summary>
    public static bool TrySignalTerminate(int launcherPid)
    {
        if (!OperatingSystem.IsLinux() || launcherPid <= 1)
        {
            return false;
        }

        var targets = Descendants(launcherPid);
        if (targets.Count == 0)
        {
            targets = [launcherPid];
        }

        var signalled = false;
        foreach (var pid in targets)
        {
            signalled |= Kill(pid, SigTerm) == 0;
        }

        return signalled;
    }

    public static int? PidOf(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
        && int.TryParse(Convert.ToString(pid, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && id > 1 ? id : null;

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            // The name is in parentheses and may hold spaces: the fields after the last ')' are state, ppid, …
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length < 2 || fields[0] == "Z" || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }
        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children.GetValueOrDefault(parent) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }
        return found;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the AppHost for this one call
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
