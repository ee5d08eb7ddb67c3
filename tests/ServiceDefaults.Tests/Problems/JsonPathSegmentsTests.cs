using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.ServiceDefaults.Tests.Problems;

public sealed class JsonPathSegmentsTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("$", "")]
    [InlineData("$.count", "count")]
    [InlineData("$.keyDistribution.share", "keyDistribution.share")]
    [InlineData("$.errors[1]", "errors[1]")]
    [InlineData("$.items[0].name", "items[0].name")]
    [InlineData("$['odd.name']", "odd.name")]
    [InlineData("$[2]", "[2]")]
    [InlineData("not a path", "")]
    public void Paths_become_error_keys(string? path, string key) =>
        Assert.Equal(key, JsonPathSegments.Format(JsonPathSegments.Parse(path)));

    [Fact]
    public void Names_and_indexes_are_told_apart()
    {
        Assert.Equal([new JsonPathSegment("errors", null), new JsonPathSegment(null, 3)], JsonPathSegments.Parse("$.errors[3]"));
    }
}
