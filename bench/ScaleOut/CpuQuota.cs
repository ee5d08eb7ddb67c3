using System.Globalization;

namespace OrdersAspire.Bench.ScaleOut;

/// <summary>A CPU limit for one process, as a pod's CPU limit is: its own cgroup (v1 <c>cpu</c> controller) with a CFS
/// quota of <see cref="Cores"/> per period. Each replica then has the same CPU whatever the replica count, so the drain
/// rate shows what another replica adds, as it would on its own node, instead of how the machine's cores are shared.
/// Removed on dispose (after the process has exited).</summary>
public sealed class CpuQuota : IDisposable
{
    private const string CpuController = "/sys/fs/cgroup/cpu";
    private const int PeriodMicroseconds = 100_000;
    private readonly string _directory;

    private CpuQuota(string directory, double cores)
    {
        _directory = directory;
        Cores = cores;
    }

    public double Cores { get; }

    /// <summary>Whether this machine lets the bench create CPU cgroups (cgroup v1 mounted and writable, as root).</summary>
    public static bool Available()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Path.Combine(CpuController, "cpu.cfs_quota_us")))
        {
            return false;
        }

        try
        {
            var probe = Path.Combine(CpuController, $"ordersaspire-bench-probe-{Environment.ProcessId}");
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Moves <paramref name="pid"/> (all its threads, and any children it starts later) into a new cgroup
    /// limited to <paramref name="cores"/>.</summary>
    public static CpuQuota Apply(int pid, double cores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        var directory = Path.Combine(CpuController, $"ordersaspire-bench-{Environment.ProcessId}-{pid}");
        Directory.CreateDirectory(directory);
        var quota = new CpuQuota(directory, cores);
        try
        {
            File.WriteAllText(Path.Combine(directory, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(directory, "cpu.cfs_quota_us"), ((int)(cores * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            return quota;
        }
        catch
        {
            quota.Dispose();
            throw;
        }
    }

    /// <summary>How long the limit held the process back so far (cpu.stat's throttled_time): shows the limit, not
    /// something else, was what bounded the replica.</summary>
    public TimeSpan Throttled()
    {
        var stat = Path.Combine(_directory, "cpu.stat");
        if (!File.Exists(stat))
        {
            return TimeSpan.Zero;
        }

        foreach (var line in File.ReadLines(stat))
        {
            var parts = line.Split(' ');
            if (parts is ["throttled_time", var ns] && long.TryParse(ns, CultureInfo.InvariantCulture, out var nanoseconds))
            {
                return TimeSpan.FromTicks(nanoseconds / 100);
            }
        }
        return TimeSpan.Zero;
    }

    public void Dispose()
    {
        // A cgroup can only be removed once empty: move anything left back to the root group first.
        try
        {
            var procs = Path.Combine(_directory, "cgroup.procs");
            if (File.Exists(procs))
            {
                foreach (var pid in File.ReadAllLines(procs).Where(l => l.Length > 0))
                {
                    try { File.WriteAllText(Path.Combine(CpuController, "cgroup.procs"), pid); }
                    catch (IOException) { /* the process exited meanwhile */ }
                }
            }
            Directory.Delete(_directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty leftover cgroup limits nothing.
        }
    }
}
