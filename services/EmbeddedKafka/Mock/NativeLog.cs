using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace OrdersAspire.EmbeddedKafka.Mock;

/// <summary>
/// Forwards librdkafka's log lines (syslog levels, raised on librdkafka's own threads) to an <see cref="ILogger"/>
/// instead of librdkafka's default of printing to stderr. The logger travels as the handle's opaque pointer.
/// </summary>
internal static unsafe partial class NativeLog
{
    public static delegate* unmanaged[Cdecl]<IntPtr, int, byte*, byte*, void> Callback => &OnLog;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(IntPtr rk, int level, byte* facility, byte* message)
    {
        try
        {
            var opaque = RdKafkaNative.Opaque(rk);
            if (opaque == IntPtr.Zero || GCHandle.FromIntPtr(opaque).Target is not ILogger logger)
            {
                return;
            }

            var logLevel = ToLogLevel(level);
            if (logger.IsEnabled(logLevel))
            {
                LogNative(logger, logLevel, Marshal.PtrToStringUTF8((IntPtr)facility), Marshal.PtrToStringUTF8((IntPtr)message));
            }
        }
        catch
        {
            // An exception must never unwind into native code; a lost log line is the lesser evil.
        }
    }

    /// <summary>Maps a syslog level (0 emergency .. 7 debug) to a <see cref="LogLevel"/>.</summary>
    public static LogLevel ToLogLevel(int syslogLevel) => syslogLevel switch
    {
        <= 2 => LogLevel.Critical,
        3 => LogLevel.Error,
        4 => LogLevel.Warning,
        5 or 6 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogNative(ILogger logger, LogLevel level, string? facility, string? message);
}
