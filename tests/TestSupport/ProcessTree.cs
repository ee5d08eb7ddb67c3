using System.Globalization;

namespace OrdersAspire.Testing;

/// <summary>Processes as Linux shows them in <c>/proc</c>: who is whose child, and a process's identity (pid and start
/// time, so a pid the kernel has since reused is never mistaken for it).</summary>
public static class ProcessTree
{
    /// <summary>A process as it was when seen: its pid and its start time in clock ticks since boot.</summary>
    public sealed record Identity(int Pid, long StartTicks, string Name)
    {
        /// <summary>True while that same process is still there (and not a zombie).</summary>
        public bool IsAlive => Read(Pid) is { } now && now.StartTicks == StartTicks && now.State != 'Z';
    }

    /// <summary>The process now running as <paramref name="pid"/>, or null when there is none.</summary>
    public static Identity? Find(int pid) => Read(pid) is { } stat ? new Identity(pid, stat.StartTicks, stat.Name) : null;

    /// <summary>Every live descendant of <paramref name="pid"/> (children, their children, …).</summary>
    public static IReadOnlyList<Identity> Descendants(int pid)
    {
        var children = new Dictionary<int, List<(int Pid, Stat Stat)>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            if (Read(id) is not { } stat || stat.State == 'Z')
            {
                continue;
            }

            if (!children.TryGetValue(stat.ParentPid, out var list))
            {
                children[stat.ParentPid] = list = [];
            }

            list.Add((id, stat));
        }
        var found = new List<Identity>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var (child, stat) in children.GetValueOrDefault(parent) ?? [])
            {
                found.Add(new Identity(child, stat.StartTicks, stat.Name));
                pending.Enqueue(child);
            }
        }
        return found;
    }

    private sealed record Stat(string Name, char State, int ParentPid, long StartTicks);

    /// <summary>Fields of <c>/proc/{pid}/stat</c>: the name is in parentheses and may hold spaces, so fields are counted
    /// from the last ')'.</summary>
    private static Stat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // After the name: state (3), ppid (4), … starttime (22).
        return new Stat(text[(open + 1)..close], fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
