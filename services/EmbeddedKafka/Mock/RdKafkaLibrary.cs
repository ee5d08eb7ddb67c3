using System.Reflection;
using System.Runtime.InteropServices;

namespace OrdersAspire.EmbeddedKafka.Mock;

/// <summary>
/// Locates the librdkafka that Confluent.Kafka loaded and routes this assembly's P/Invokes to it, so the
/// mock-cluster functions run inside the same native library (and the same process-wide state) as the clients.
/// </summary>
internal static class RdKafkaLibrary
{
    /// <summary>The library name used by every P/Invoke in <see cref="RdKafkaNative"/>.</summary>
    public const string Name = "librdkafka-loaded-by-confluent";

    private static readonly Lock Gate = new();
    private static IntPtr handle;
    private static string? path;

    /// <summary>Path of the loaded native library (after <see cref="EnsureLoaded"/>).</summary>
    public static string Path => path ?? throw new InvalidOperationException("librdkafka is not loaded yet.");

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (handle != IntPtr.Zero)
            {
                return;
            }

            // Library.Load(path) fails on .NET 10 / Debian 12 (it looks for libdl): let Confluent.Kafka pick its own file.
            Confluent.Kafka.Library.Load();
            var loadedPath = FindLoadedLibrary()
                ?? throw new InvalidOperationException(
                    "Confluent.Kafka reported librdkafka as loaded but no librdkafka file is mapped in /proc/self/maps.");
            var loaded = NativeLibrary.Load(loadedPath);
            if (!NativeLibrary.TryGetExport(loaded, "rd_kafka_mock_cluster_new", out _))
            {
                NativeLibrary.Free(loaded);
                throw new InvalidOperationException(
                    $"The librdkafka loaded by Confluent.Kafka ({loadedPath}) does not export the mock cluster API.");
            }

            NativeLibrary.SetDllImportResolver(typeof(RdKafkaLibrary).Assembly, Resolve);
            path = loadedPath;
            handle = loaded;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? handle : IntPtr.Zero;

    private static string? FindLoadedLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            throw new PlatformNotSupportedException(
                "The embedded Kafka broker locates librdkafka through /proc/self/maps, which only Linux provides.");
        }

        // Lines look like: "7f..-7f.. r-xp 00000000 08:01 1234  /path/runtimes/linux-x64/native/centos8-librdkafka.so"
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash < 0)
            {
                continue;
            }

            var file = line[slash..].Trim();
            var fileName = System.IO.Path.GetFileName(file);
            if (fileName.Contains("librdkafka", StringComparison.Ordinal) && fileName.Contains(".so", StringComparison.Ordinal)
                && File.Exists(file))
            {
                return file;
            }
        }

        return null;
    }
}
