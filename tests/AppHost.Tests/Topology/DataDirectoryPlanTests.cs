using OrdersAspire.AppHost.Topology;

namespace OrdersAspire.AppHost.Tests.Topology;

/// <summary>Which data directory a run uses and whether it removes it: pure, no AppHost started.</summary>
public sealed class DataDirectoryPlanTests
{
    private static DataDirectoryPlan Plan(string? configured, string? mode) =>
        DataDirectoryPlan.For(configured, mode, appHostDirectory: "/repo/AppHost", tempDirectory: "/tmp", localApplicationData: "/home/u/.local/share", runName: "run-1");

    [Theory]
    [InlineData(null, null, "/tmp/orders-aspire/run-1", true)]
    [InlineData("", "embedded", "/tmp/orders-aspire/run-1", true)]
    [InlineData(null, " Embedded ", "/tmp/orders-aspire/run-1", true)]
    [InlineData(null, "container", "/home/u/.local/share/orders-aspire/container", false)]
    [InlineData(null, "external", "/home/u/.local/share/orders-aspire/external", false)]
    [InlineData("data", "embedded", "/repo/AppHost/data", false)]
    [InlineData("/srv/orders", "external", "/srv/orders", false)]
    public void Embedded_runs_get_a_directory_they_remove_other_modes_and_configured_ones_are_kept(
        string? configured, string? mode, string directory, bool removeOnStop) =>
        Assert.Equal(new DataDirectoryPlan(directory, removeOnStop), Plan(configured, mode));

    [Fact]
    public void Leftovers_are_the_run_directories_whose_owner_is_dead()
    {
        var alive = new HashSet<int> { 100 };
        var leftovers = DataDirectoryPlan.Leftovers(
            [("/tmp/orders-aspire/a", "100"), ("/tmp/orders-aspire/b", "200\n"), ("/tmp/orders-aspire/c", null), ("/tmp/orders-aspire/d", "x")],
            alive.Contains);
        Assert.Equal(["/tmp/orders-aspire/b"], leftovers);
    }
}
