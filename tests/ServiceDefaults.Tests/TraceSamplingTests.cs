using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace OrdersAspire.ServiceDefaults.Tests;

public sealed class TraceSamplingTests
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("1", 1.0)]
    public void The_sample_ratio_defaults_to_every_trace_and_reads_a_share(string? configured, double expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Extensions.TraceSampleRatioKey] = configured }).Build();

        Assert.Equal(expected, Extensions.TraceSampleRatio(configuration));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("NaN")]
    public void A_bad_sample_ratio_is_refused_naming_the_key(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Extensions.TraceSampleRatioKey] = configured }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => Extensions.TraceSampleRatio(configuration));
        Assert.Contains("Telemetry:TraceSampleRatio", error.Message);
    }
}
