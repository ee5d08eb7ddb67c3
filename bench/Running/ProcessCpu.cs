using System.Diagnostics;

namespace OrdersAspire.Bench.Running;

/// <summary>This process's CPU time (all threads: the app's, librdkafka's and the embedded broker's), read at the two
/// ends of a measured window, so a rate can be shown with what it cost: CPU per order and cores busy.</summary>
public static class ProcessCpu
{
    public static TimeSpan Now()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}

/// <summary>CPU spent over a measured window of <paramref name="Orders"/> orders lasting <paramref name="Wall"/>.</summary>
public readonly record struct CpuCost(TimeSpan Cpu, TimeSpan Wall, long Orders)
{
    public double MicrosecondsPerOrder => Orders == 0 ? double.NaN : Cpu.TotalMicroseconds / Orders;
    public double CoresBusy => Wall <= TimeSpan.Zero ? double.NaN : Cpu / Wall;
}
