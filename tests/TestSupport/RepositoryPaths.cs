namespace OrdersAspire.Testing;

/// <summary>The repository root, and the programs built next to this test build (same configuration).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>services/{project}/bin/…/{project}.dll</c>.</summary>
    public static string ServiceDll(string project) => BuiltDll(Path.Combine("services", project), project);

    /// <summary><c>{projectDirectory}/bin/&lt;configuration&gt;/&lt;framework&gt;/{assemblyName}.dll</c>, for the
    /// configuration and framework this test assembly was built for (its own bin folder tells which).</summary>
    public static string BuiltDll(string projectDirectory, string assemblyName)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(Root, projectDirectory, "bin", configuration, testBin.Name, assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {projectDirectory} first", dll);
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
