namespace OrdersAspire.Bench.Running;

/// <summary>The repository root and the services built next to this program (same configuration).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the <c>bin/&lt;configuration&gt;/net10.0</c> folder this program runs from.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string DefaultReport => Path.Combine(Root, "bench", "RESULTS.md");

    /// <summary>services/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;project&gt;.dll, or null when it is not built.</summary>
    public static string? ServiceDll(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(Root, "services", project, "bin", Configuration, framework, project + ".dll");
        return File.Exists(dll) ? dll : null;
    }

    /// <summary>AppHost/bin/&lt;configuration&gt;/net10.0/AppHost.dll, or null when it is not built (the bench does not build it).</summary>
    public static string? AppHostDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(Root, "AppHost", "bin", Configuration, framework, "AppHost.dll");
        return File.Exists(dll) ? dll : null;
    }

    /// <summary>The native launcher of a built service (services/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;project&gt;), as Aspire runs it.</summary>
    public static string ServiceExecutable(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        return Path.Combine(Root, "services", project, "bin", Configuration, framework, project);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrdersAspire.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("OrdersAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
