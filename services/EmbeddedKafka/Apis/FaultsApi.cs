using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.EmbeddedKafka.Faults;
using OrdersAspire.EmbeddedKafka.Hosting;
using OrdersAspire.ServiceDefaults.Problems;

namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary>
/// <c>/faults</c>: fault injection into the embedded cluster. JSON bodies, bound to typed records
/// (<see cref="BrokerRttRequest"/>, <see cref="RequestErrorsRequest"/>, <see cref="CoordinatorRequest"/>,
/// <see cref="PartitionLeaderRequest"/>) and validated against the running cluster. Bad input → 400 ValidationProblem
/// naming the field (binding failures through ServiceDefaults' one bad-request path); 401 without the admin key, 403
/// when none is configured (see <see cref="AdminKeyFilter"/>); 503 while the cluster is not running.
/// </summary>
public static class FaultsApi
{
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/faults").AddEndpointFilter<AdminKeyFilter>();
        faults.MapPost("/brokers/{id}/down", SetBrokerDown).WithName("SetBrokerDown");
        faults.MapPost("/brokers/{id}/up", SetBrokerUp).WithName("SetBrokerUp");
        faults.MapPost("/brokers/{id}/rtt", SetBrokerRtt).WithName("SetBrokerRtt");
        faults.MapPost("/request-errors", PushRequestErrors).WithName("PushRequestErrors");
        faults.MapPost("/coordinator", SetCoordinator).WithName("SetCoordinator");
        faults.MapPost("/partition-leader", SetPartitionLeader).WithName("SetPartitionLeader");
        faults.MapPost("/reset", Reset).WithName("ResetFaults");
        return app;
    }

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetBrokerDown(int id, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) => ValidBroker(id, cluster, errors) ? () => cluster.SetBrokerDown(id) : null);

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetBrokerUp(int id, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) => ValidBroker(id, cluster, errors) ? () => cluster.SetBrokerUp(id) : null);

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetBrokerRtt(int id, BrokerRttRequest? body, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) =>
        {
            ValidBroker(id, cluster, errors);
            Required(body, errors)?.Validate(errors);
            return errors.IsEmpty ? () => cluster.SetBrokerRtt(id, TimeSpan.FromMilliseconds(body!.Milliseconds!.Value)) : null;
        });

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> PushRequestErrors(RequestErrorsRequest? body, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) =>
            Required(body, errors)?.Validate(errors) is var (apiKey, codes)
                ? () => cluster.PushRequestErrors(apiKey, codes)
                : null);

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetCoordinator(CoordinatorRequest? body, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) =>
        {
            Required(body, errors)?.Validate(errors, cluster.BrokerCount);
            return errors.IsEmpty ? () => cluster.SetCoordinator(body!.KeyType!, body.Key!, body.BrokerId!.Value) : null;
        });

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetPartitionLeader(PartitionLeaderRequest? body, EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, errors) =>
        {
            Required(body, errors)?.Validate(errors, cluster.Topics, cluster.BrokerCount);
            return errors.IsEmpty ? () => cluster.SetPartitionLeader(body!.Topic!, body.Partition!.Value, body.BrokerId!.Value) : null;
        });

    /// <summary>All brokers up with no added round-trip time, and no pending request errors.</summary>
    public static Results<NoContent, ValidationProblem, ProblemHttpResult> Reset(EmbeddedKafkaState state) =>
        WithCluster(state, (cluster, _) => () =>
        {
            for (var broker = 1; broker <= cluster.BrokerCount; broker++)
            {
                cluster.SetBrokerUp(broker);
                cluster.SetBrokerRtt(broker, TimeSpan.Zero);
            }

            foreach (var apiKey in KafkaApiKeys.All)
            {
                cluster.ClearRequestErrors(apiKey);
            }
        });

    /// <summary>
    /// With the running cluster, <paramref name="validate"/> checks the request into the errors and returns the fault
    /// to apply (null when invalid); the fault's outcome becomes 204, 409 (the mock refused it) or 503.
    /// </summary>
    private static Results<NoContent, ValidationProblem, ProblemHttpResult> WithCluster(
        EmbeddedKafkaState state, Func<MockKafkaCluster, ValidationErrors, Action?> validate)
    {
        if (state.Cluster is not { } cluster)
        {
            return KafkaApi.NotReady();
        }

        var errors = new ValidationErrors();
        var fault = validate(cluster, errors);
        if (!errors.IsEmpty || fault is null)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        try
        {
            fault();
            return TypedResults.NoContent();
        }
        catch (ObjectDisposedException)
        {
            return KafkaApi.NotReady();
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(
                title: "The mock cluster refused the fault",
                detail: ex.Message,
                statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static T? Required<T>(T? body, ValidationErrors errors) where T : class
    {
        if (body is null)
        {
            errors.Add(BadRequestProblems.BodyField, "A JSON object is required.");
        }

        return body;
    }

    private static bool ValidBroker(int id, MockKafkaCluster cluster, ValidationErrors errors) =>
        errors.InRange("id", id, 1, cluster.BrokerCount);
}
