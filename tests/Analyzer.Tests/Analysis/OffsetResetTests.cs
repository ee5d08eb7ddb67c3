using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class OffsetResetRequestTests
{
    [Theory]
    [InlineData("earliest", null, null, null, ResetTarget.Earliest)]
    [InlineData("LATEST", null, null, null, ResetTarget.Latest)]
    [InlineData("offset", "42", null, null, ResetTarget.Offset)]
    [InlineData("shift-by", "-10", null, "0,2", ResetTarget.ShiftBy)]
    [InlineData("datetime", "2026-11-25T18:00:00Z", "order-events", null, ResetTarget.Datetime)]
    public void Valid_requests(string to, string? value, string? topic, string? partitions, ResetTarget expected)
    {
        var (request, errors) = OffsetResetRequest.Parse(to, value, topic, partitions, "order-events");
        Assert.Empty(errors);
        Assert.Equal(expected, request!.To);
        Assert.Equal("order-events", request.Topic);
    }

    [Theory]
    [InlineData(null, null, null, null, "to")]
    [InlineData("sideways", null, null, null, "to")]
    [InlineData("offset", null, null, null, "value")]
    [InlineData("offset", "-1", null, null, "value")]
    [InlineData("offset", "abc", null, null, "value")]
    [InlineData("shift-by", "1.5", null, null, "value")]
    [InlineData("datetime", "yesterday", null, null, "value")]
    [InlineData("earliest", null, "bad topic!", null, "topic")]
    [InlineData("earliest", null, null, "0,x", "partitions")]
    [InlineData("earliest", null, null, "-1", "partitions")]
    public void Invalid_requests_name_the_field(string? to, string? value, string? topic, string? partitions, string field)
    {
        var (request, errors) = OffsetResetRequest.Parse(to, value, topic, partitions, "order-events");
        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Partitions_are_deduplicated_and_sorted()
    {
        var (request, _) = OffsetResetRequest.Parse("earliest", null, null, "3, 1,3", "t");
        Assert.Equal([1, 3], request!.Partitions!);
    }
}

public class OffsetResetPlannerTests
{
    private static readonly PartitionOffsets[] Partitions = [new(0, 100, 1000, 500), new(1, 0, 50, null), new(2, 10, 10, 10)];

    public static TheoryData<string, ResetTarget, long?, long?, long[]> Cases => new()
    {
        { "earliest", ResetTarget.Earliest, null, null, [100, 0, 10] },
        { "latest", ResetTarget.Latest, null, null, [1000, 50, 10] },
        { "offset inside the log", ResetTarget.Offset, 30, null, [100, 30, 10] },           // clamped to log start / end
        { "offset beyond the end", ResetTarget.Offset, 5000, null, [1000, 50, 10] },
        { "shift back", ResetTarget.ShiftBy, null, -450, [100, 0, 10] },                    // no committed: from the log end
        { "shift forward", ResetTarget.ShiftBy, null, 100, [600, 50, 10] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_new_offsets_clamped_to_the_log(string name, ResetTarget to, long? offset, long? shift, long[] expected)
    {
        var request = new OffsetResetRequest(to, offset, null, shift, "t", null);
        var plan = OffsetResetPlanner.Plan(request, Partitions);
        Assert.True(expected.SequenceEqual(plan.Select(r => r.NewOffset)), $"{name}: {string.Join(",", plan.Select(r => r.NewOffset))}");
        Assert.Equal([500L, null, 10L], plan.Select(r => r.CurrentOffset));
    }

    [Fact]
    public void Datetime_uses_the_offsets_for_the_time_and_the_log_end_when_none()
    {
        var request = new OffsetResetRequest(ResetTarget.Datetime, null, DateTimeOffset.UnixEpoch, null, "t", null);
        var plan = OffsetResetPlanner.Plan(request, Partitions, new Dictionary<int, long?> { [0] = 700, [1] = null });
        Assert.Equal([700L, 50L, 10L], plan.Select(r => r.NewOffset));
    }
}
