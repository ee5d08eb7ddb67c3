using System.Globalization;
using System.Runtime.InteropServices;

namespace OrdersAspire.Bench.Idle;

/// <summary>One process as <c>/proc/&lt;pid&gt;/stat</c> and <c>cmdline</c> show it: its session, its CPU time so far
/// (user + system, all threads) and its command line.</summary>
public sealed record ProcessStat(int Pid, int ParentPid, int Session, long CpuTicks, IReadOnlyList<string> CommandLine)
{
    /// <summary>Clock ticks per second of the CPU times in /proc.</summary>
    public static long TicksPerSecond { get; } = Math.Max(1, SysConf(ClockTicks));

    public string Program => CommandLine.Count == 0 ? "" : CommandLine[0];

    public TimeSpan Cpu => TimeSpan.FromSeconds(CpuTicks / (double)TicksPerSecond);

    /// <summary>Every process readable now (processes that exit while being read are skipped).</summary>
    public static IReadOnlyList<ProcessStat> ReadAll()
    {
        var all = new List<ProcessStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all.Add(stat);
            }
        }
        return all;
    }

    public static ProcessStat? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: the other fields follow the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessStat(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), ticks, commandLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU time so far of each of the process's threads (by thread id) whose name
    /// (<c>/proc/&lt;pid&gt;/task/*/comm</c>, at most 15 characters) starts with <paramref name="threadNamePrefix"/>.
    /// Such a thread may end and be started again: compare two readings thread by thread.</summary>
    public static IReadOnlyDictionary<int, TimeSpan> ThreadsCpu(int pid, string threadNamePrefix)
    {
        var threads = new Dictionary<int, TimeSpan>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                    if (!name.StartsWith(threadNamePrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = TimeSpan.FromSeconds(ticks / (double)TicksPerSecond);
                }
                catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // the thread ended while being read
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return threads;
    }

    /// <summary>CPU the threads of <paramref name="after"/> used since <paramref name="before"/> (a thread new since
    /// then counts in full; one that ended meanwhile is not seen, so this is a lower bound).</summary>
    public static TimeSpan CpuSince(IReadOnlyDictionary<int, TimeSpan> before, IReadOnlyDictionary<int, TimeSpan> after) =>
        TimeSpan.FromTicks(after.Sum(t => (t.Value - (before.TryGetValue(t.Key, out var b) && b <= t.Value ? b : TimeSpan.Zero)).Ticks));

    /// <summary>One variable of the process's environment (readable for our own children), or null.</summary>
    public static string? Environment(int pid, string name)
    {
        try
        {
            var prefix = name + "=";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const int ClockTicks = 2; // _SC_CLK_TCK

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
