using System.Globalization;
using System.Net;

namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>The TCP sockets a process listens on, read from Linux's /proc: the process's socket inodes
/// (/proc/{pid}/fd) matched against the LISTEN rows of /proc/{pid}/net/tcp and tcp6.</summary>
public static class ListeningSockets
{
    public static IReadOnlyList<IPEndPoint> Of(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException) { } // the descriptor closed meanwhile
            catch (UnauthorizedAccessException) { }
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != "0A" || !inodes.Contains(fields[9]))
                {
                    continue; // 0A = LISTEN
                }

                var (address, port) = (fields[1].Split(':')[0], fields[1].Split(':')[1]);
                endpoints.Add(new IPEndPoint(Parse(address), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }
        return endpoints;
    }

    /// <summary>/proc prints addresses as 32-bit words in host (little-endian) order.</summary>
    private static IPAddress Parse(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            for (var b = 0; b < 4; b++)
            {
                bytes[word * 4 + b] = byte.Parse(hex.AsSpan(word * 8 + (3 - b) * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return new IPAddress(bytes);
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
}
