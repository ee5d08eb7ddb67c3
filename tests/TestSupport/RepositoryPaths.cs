namespace OrdersAspire.Testing;

/// <summary>The repository root, and the programs built next to the running test or bench build (same configuration
/// and framework: its own <c>bin/&lt;configuration&gt;/&lt;framework&gt;</c> folder tells which).</summary>
public static class RepositoryPaths
{
    private static readonly DirectoryInfo OwnBin = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release.</summary>
    public static string Configuration { get; } = OwnBin.Parent!.Name;

    /// <summary>net10.0.</summary>
    public static string Framework { get; } = OwnBin.Name;

    /// <summary><c>services/{project}/bin/…/{project}.dll</c>; throws when it is not built.</summary>
    public static string ServiceDll(string project) => BuiltDll(Path.Combine("services", project), project);

    /// <summary><see cref="ServiceDll"/>, or null when it is not built.</summary>
    public static string? ServiceDllIfBuilt(string project) => BuiltDllIfExists(Path.Combine("services", project), project);

    /// <summary><c>AppHost/bin/…/AppHost.dll</c>, or null when it is not built.</summary>
    public static string? AppHostDllIfBuilt() => BuiltDllIfExists("AppHost", "AppHost");

    /// <summary>The native launcher of a built service (<c>services/{project}/bin/…/{project}</c>), as Aspire runs it.</summary>
    public static string ServiceExecutable(string project) => Path.Combine(OutputDirectory(Path.Combine("services", project)), project);

    /// <summary><c>{projectDirectory}/bin/&lt;configuration&gt;/&lt;framework&gt;/{assemblyName}.dll</c>; throws when it is not built.</summary>
    public static string BuiltDll(string projectDirectory, string assemblyName) =>
        BuiltDllIfExists(projectDirectory, assemblyName)
        ?? throw new FileNotFoundException($"Build {projectDirectory} first", Path.Combine(OutputDirectory(projectDirectory), assemblyName + ".dll"));

    private static string? BuiltDllIfExists(string projectDirectory, string assemblyName)
    {
        var dll = Path.Combine(OutputDirectory(projectDirectory), assemblyName + ".dll");
        return File.Exists(dll) ? dll : null;
    }

    private static string OutputDirectory(string projectDirectory) => Path.Combine(Root, projectDirectory, "bin", Configuration, Framework);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrdersAspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("OrdersAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
