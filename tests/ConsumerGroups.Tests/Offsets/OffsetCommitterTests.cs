using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.Offsets;
using OrdersAspire.ConsumerGroups.Tests.Consumer;

namespace OrdersAspire.ConsumerGroups.Tests.Offsets;

/// <summary>librdkafka's periodic commit reports, sorted into commits made, commits failed and nothing to commit.</summary>
public sealed class OffsetCommitterTests : IDisposable
{
    private readonly IHost _host = ConsumerGroupTestHost.Build<ConsumerGroupTestHost.NoEffects>("127.0.0.1:9", "offset-committer-tests");

    public static TheoryData<string, CommittedOffsets, long, long> Reports => new()
    {
        { "offsets committed", Committed(ErrorCode.NoError, ErrorCode.NoError), 1, 0 },
        { "nothing stored since the last commit", Committed(ErrorCode.Local_NoOffset), 0, 0 },
        { "the request failed", Committed(ErrorCode.RequestTimedOut), 1, 1 },
        { "one partition failed", Committed(ErrorCode.NoError, ErrorCode.NoError, ErrorCode.OffsetMetadataTooLarge), 1, 1 },
        { "a partition had nothing new", Committed(ErrorCode.NoError, ErrorCode.NoError, ErrorCode.Local_NoOffset), 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void An_auto_commit_report_counts_as_one_commit_made_or_failed_or_none(string report, CommittedOffsets committed, long attempted, long failed)
    {
        _host.Services.GetRequiredService<OffsetCommitter>().OnCommitted(committed);

        var counters = _host.Services.GetRequiredService<ConsumerState>().Counters();
        Assert.True((attempted, failed) == (counters.CommitsAttempted, counters.CommitsFailed), report);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>The report's own error, then one per partition.</summary>
    private static CommittedOffsets Committed(ErrorCode request, params ErrorCode[] partitions) =>
        new([.. partitions.Select((code, p) => new TopicPartitionOffsetError("order-events", p, 10, new Error(code)))], new Error(request));
}
