using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary><c>GET /api/consumer</c>: this replica's view of its membership and progress.</summary>
public static class ConsumerApi
{
    public static IEndpointRouteBuilder MapConsumerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/consumer", GetConsumer).WithName("GetConsumer").WithTags("Consumer");
        return app;
    }

    public static Ok<ConsumerView> GetConsumer(ConsumerState state, IOptions<ConsumerGroupOptions> options)
    {
        var o = options.Value;
        var c = state.Counters(); // the same snapshot the reports carry
        return TypedResults.Ok(new ConsumerView(
            o.GroupId, o.ReplicaId, state.MemberId, state.Phase.ToString(), o.AssignmentStrategy, o.GroupProtocol,
            state.AssignedPartitions, state.Partitions(), c.Processed, c.Duplicates, c.DeadLettered,
            c.CommitsAttempted, c.CommitsFailed, c.HeartbeatFailures, c.Rebalances, state.RatePerSecond(),
            state.LastError));
    }
}

/// <summary>The counters are those of <see cref="ConsumerEventRecorder"/>, as in this member's reports.</summary>
public sealed record ConsumerView(
    string GroupId, string ReplicaId, string? MemberId, string Phase, string AssignmentStrategy, string GroupProtocol,
    IReadOnlyList<int> AssignedPartitions, IReadOnlyList<PartitionSnapshot> Partitions, long Processed, long Duplicates,
    long DeadLettered, long CommitsAttempted, long CommitsFailed, long HeartbeatFailures, long Rebalances,
    double RatePerSecond, string? LastError);
