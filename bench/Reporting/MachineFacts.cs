using System.Globalization;
using System.Runtime.InteropServices;

namespace OrdersAspire.Bench.Reporting;

/// <summary>What the numbers were measured on. The load average shows how busy the (shared) machine was.</summary>
public sealed record MachineFacts(int Cores, string Cpu, string Memory, string Os, string Runtime, string LoadAverage)
{
    public static MachineFacts Read() => new(
        Environment.ProcessorCount,
        ReadCpu(),
        ReadMemory(),
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        LoadAverageNow());

    public static string LoadAverageNow()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]} (1 / 5 / 15 min)";
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    /// <summary>The 1-minute load average, or NaN when /proc/loadavg cannot be read.</summary>
    public static double OneMinuteLoad()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static string ReadCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    private static string ReadMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line!.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return $"{kb / 1024.0 / 1024.0:0.0} GiB";
        }
        catch (Exception)
        {
            return "unknown";
        }
    }
}
