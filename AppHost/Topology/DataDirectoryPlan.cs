using System.Globalization;

namespace OrdersAspire.AppHost.Topology;

/// <summary>Where the effect stores live for one AppHost run, and whether the run removes them when it stops. Pure:
/// the caller gathers the inputs (configuration, Kafka mode, folders, which processes are alive) and applies the result.
/// <list type="bullet">
/// <item><c>Topology:DataDirectory</c> set → that directory, kept.</item>
/// <item><c>embedded</c> Kafka (the default) forgets everything when it stops → a new run directory under the temp
///   folder, removed when the AppHost stops (the stores must not claim orders the broker no longer has).</item>
/// <item><c>container</c> and <c>external</c> clusters keep their committed offsets → a fixed directory per mode under
///   the user's local application data, kept across runs (else effects would vanish while offsets stay committed).</item>
/// </list></summary>
public sealed record DataDirectoryPlan(string Directory, bool RemoveOnStop)
{
    /// <summary>The folder (under the temp folder and under local application data) that holds our directories.</summary>
    public const string RootName = "orders-aspire";

    /// <summary>The file in a run directory naming the AppHost process that owns it.</summary>
    public const string OwnerFile = "apphost.pid";

    public static DataDirectoryPlan For(string? configured, string? kafkaMode, string appHostDirectory, string tempDirectory,
        string localApplicationData, string runName)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new(Path.GetFullPath(configured, appHostDirectory), RemoveOnStop: false);
        }

        var mode = string.IsNullOrWhiteSpace(kafkaMode) ? "embedded" : kafkaMode.Trim().ToLowerInvariant();
        return mode == "embedded"
            ? new(Path.Combine(tempDirectory, RootName, runName), RemoveOnStop: true)
            : new(Path.Combine(localApplicationData, RootName, mode), RemoveOnStop: false);
    }

    /// <summary>Run directories left by earlier embedded runs that did not stop cleanly (killed, crashed): those whose
    /// owner file names a process that is no longer alive. A directory without a readable owner file is left alone
    /// (it may be being created right now, or not be ours).</summary>
    public static IReadOnlyList<string> Leftovers(IEnumerable<(string Directory, string? OwnerFileText)> runDirectories,
        Func<int, bool> isAlive)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        ArgumentNullException.ThrowIfNull(isAlive);
        return [.. runDirectories
            .Where(d => int.TryParse(d.OwnerFileText?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !isAlive(pid))
            .Select(d => d.Directory)];
    }
}
