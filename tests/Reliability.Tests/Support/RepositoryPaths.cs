namespace OrdersAspire.Reliability.Tests.Support;

/// <summary>Finds the built services next to this test build (same configuration), from the repository root.
/// Copied from the consumer-group scenario harness.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServiceDll(string project)
    {
        // bin/<Configuration>/net10.0/ of this test assembly tells which configuration was built.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(Root, "services", project, "bin", configuration, testBin.Name, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build services/{project} first", dll);
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
