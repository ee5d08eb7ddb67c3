using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary><c>GET /kafka</c>: how to connect to the embedded cluster (the AppHost polls it for the connection string).</summary>
public static class KafkaApi
{
    public static IEndpointRouteBuilder MapKafkaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kafka", GetKafka).WithName("GetKafka");
        return app;
    }

    public static Results<Ok<KafkaInfo>, ProblemHttpResult> GetKafka(EmbeddedKafkaState state) =>
        state.Cluster is { } cluster
            ? TypedResults.Ok(new KafkaInfo(
                cluster.BootstrapServers,
                cluster.BrokerCount,
                [.. cluster.Topics.Select(t => new KafkaTopicInfo(t.Name, t.Partitions))]))
            : NotReady();

    internal static ProblemHttpResult NotReady() => TypedResults.Problem(
        title: "Embedded Kafka is not ready",
        detail: "The cluster is starting or stopping; retry shortly.",
        statusCode: StatusCodes.Status503ServiceUnavailable);
}
