using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Offsets;

namespace OrdersAspire.ConsumerGroups.Tests.Offsets;

/// <summary>Where a newly assigned partition resumes: the effects' position only when it is ahead of a real commit and
/// within the log.</summary>
public sealed class ResumePositionsTests
{
    public static TheoryData<string, long?, long, long, long> Cases => new()
    {
        // case, stored next offset, committed (-1001 = none), high watermark, expected (-1001 = the committed offset)
        { "the commit after the last durable batch was lost", 500, 300, 800, 500 },
        { "the effects are where the commit is", 300, 300, 800, Offset.Unset.Value },
        { "the commit is ahead (a reset forward)", 300, 600, 800, Offset.Unset.Value },
        { "no commit at all (a new group, or a broker that forgot it)", 500, Offset.Unset.Value, 800, Offset.Unset.Value },
        { "the log does not reach the position (another cluster's store)", 5_000, 300, 800, Offset.Unset.Value },
        { "the position is the log's end", 800, 300, 800, 800 },
        { "the effects keep no position", null, 300, 800, Offset.Unset.Value },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_effects_position_is_taken_only_ahead_of_a_real_commit_and_within_the_log(string @case, long? stored, long committed, long high, long expected)
    {
        Assert.True(expected == ResumePositions.Choose(stored, new Offset(committed), high).Value, @case);
    }
}
