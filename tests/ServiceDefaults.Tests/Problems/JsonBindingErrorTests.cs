using System.Text.Json;
using System.Text.Json.Serialization;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.ServiceDefaults.Tests.Problems;

public sealed class JsonBindingErrorTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web) { NumberHandling = JsonNumberHandling.Strict };

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record Sample(int? Count, double? Share, string? Name, bool? Flag, Inner? Inner, IReadOnlyList<int>? Items);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record Inner(string? Type);

    [Theory]
    [InlineData("{", "body", "The request body is not valid JSON: malformed (line 1, position 2).")]
    [InlineData("""{"count": }""", "body", "The request body is not valid JSON: malformed (line 1, position 11).")]
    [InlineData("[1]", "body", "The request body must be a JSON object (line 1, position 1).")]
    [InlineData("""{"count":"5"}""", "count", "'count' must be a JSON integer from -2147483648 to 2147483647 (line 1, position 12).")]
    [InlineData("""{"count":1.5}""", "count", "'count' must be a JSON integer from -2147483648 to 2147483647 (line 1, position 12).")]
    [InlineData("""{"share":true}""", "share", "'share' must be a JSON number (line 1, position 13).")]
    [InlineData("""{"name":7}""", "name", "'name' must be a JSON string (line 1, position 9).")]
    [InlineData("""{"flag":"yes"}""", "flag", "'flag' must be true or false (line 1, position 13).")]
    [InlineData("""{"inner":"x"}""", "inner", "'inner' must be a JSON object (line 1, position 12).")]
    [InlineData("""{"inner":{"type":"t","extra":1}}""", "inner.extra", "'inner.extra' is not a member of this request (line 1, position 29).")]
    [InlineData("""{"topic":"t"}""", "topic", "'topic' is not a member of this request (line 1, position 9).")]
    [InlineData("""{"items":{}}""", "items", "'items' must be a JSON array (line 1, position 10).")]
    [InlineData("""{"items":[1,"x"]}""", "items[1]", "'items[1]' must be a JSON integer from -2147483648 to 2147483647 (line 1, position 15).")]
    public void A_binding_failure_names_the_member_and_what_it_must_be(string body, string field, string message)
    {
        var failure = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>(body, Options));

        var described = JsonBindingError.Describe(failure, typeof(Sample), Options);

        Assert.Equal(field, described.Field);
        Assert.Equal(message, described.Message);
    }

    [Fact]
    public void Without_the_body_type_the_member_is_still_named()
    {
        var failure = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>("""{"count":"5"}""", Options));

        var (field, message) = JsonBindingError.Describe(failure, bodyType: null, Options);

        Assert.Equal("count", field);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
    }
}
