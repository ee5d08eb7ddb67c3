using OrdersAspire.EmbeddedKafka.Apis;

namespace OrdersAspire.EmbeddedKafka.Tests.Apis;

public sealed class AdminKeyFilterTests
{
    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cret", "s3cre", false)]
    [InlineData("s3cret", "s3cret ", false)]
    [InlineData("s3cret", "S3CRET", false)]
    [InlineData("s3cret", "", false)]
    [InlineData("s3cret", null, false)]
    public void Matches_only_the_exact_key(string expected, string? actual, bool matches) =>
        Assert.Equal(matches, AdminKeyFilter.Matches(expected, actual));
}
