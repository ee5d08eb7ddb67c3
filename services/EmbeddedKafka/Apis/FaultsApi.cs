using System.Globalization;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.EmbeddedKafka.Faults;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary>
/// <c>/faults</c>: fault injection into the embedded cluster. JSON bodies (any content type is accepted):
/// rtt <c>{"milliseconds": n}</c>; request-errors <c>{"apiKey": "OffsetCommit" | 8, "errors": ["REBALANCE_IN_PROGRESS", ...]}</c>;
/// coordinator <c>{"keyType": "group" | "transaction", "key": "...", "brokerId": n}</c>;
/// partition-leader <c>{"topic": "...", "partition": n, "brokerId": n}</c>. Bad input → 400 ValidationProblem naming the field;
/// 401 without the admin key, 403 when none is configured (see <see cref="AdminKeyFilter"/>); 503 while the cluster is not running.
/// </summary>
public static class FaultsApi
{
    public const int MaxRttMs = 300_000;
    public const int MaxPushedErrors = 1_000;

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

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetBrokerDown(string id, EmbeddedKafkaState state) =>
        WithBroker(id, state, (cluster, broker) => cluster.SetBrokerDown(broker));

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> SetBrokerUp(string id, EmbeddedKafkaState state) =>
        WithBroker(id, state, (cluster, broker) => cluster.SetBrokerUp(broker));

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetBrokerRtt(
        string id, HttpRequest request, EmbeddedKafkaState state, CancellationToken cancellationToken)
    {
        if (state.Cluster is not { } cluster)
        {
            return KafkaApi.NotReady();
        }

        var body = await FaultRequestBody.ReadAsync(request, cancellationToken);
        var broker = ParseBrokerId(id, cluster, body.Errors);
        if (body.Errors.ContainsKey("body"))
        {
            return TypedResults.ValidationProblem(body.Errors);
        }

        var milliseconds = body.Integer("milliseconds", 0, MaxRttMs);
        return Apply(body.Errors, () => cluster.SetBrokerRtt(broker, TimeSpan.FromMilliseconds(milliseconds)));
    }

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PushRequestErrors(
        HttpRequest request, EmbeddedKafkaState state, CancellationToken cancellationToken) =>
        WithBody(request, state, cancellationToken, (cluster, body) =>
        {
            var apiKey = body.NameOrNumber("apiKey", "a Kafka API key (e.g. OffsetCommit or 8)",
                text => (KafkaApiKeys.TryParse(text, out var key), key), (short)-1);
            var errors = body.NamesOrNumbers("errors", "a Kafka error name (e.g. REBALANCE_IN_PROGRESS) or code",
                MaxPushedErrors, text => (KafkaErrorCodes.TryParse(text, out var code), code));
            return Apply(body.Errors, () => cluster.PushRequestErrors(apiKey, errors));
        });

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetCoordinator(
        HttpRequest request, EmbeddedKafkaState state, CancellationToken cancellationToken) =>
        WithBody(request, state, cancellationToken, (cluster, body) =>
        {
            var keyType = body.Text("keyType");
            if (keyType.Length > 0 && keyType is not ("group" or "transaction"))
            {
                body.Errors["keyType"] = ["'keyType' must be 'group' or 'transaction'."];
            }

            var key = body.Text("key");
            var broker = body.Integer("brokerId", 1, cluster.BrokerCount);
            return Apply(body.Errors, () => cluster.SetCoordinator(keyType, key, broker));
        });

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetPartitionLeader(
        HttpRequest request, EmbeddedKafkaState state, CancellationToken cancellationToken) =>
        WithBody(request, state, cancellationToken, (cluster, body) =>
        {
            var topicName = body.Text("topic");
            var topic = cluster.Topics.FirstOrDefault(t => t.Name == topicName);
            if (topicName.Length > 0 && topic is null)
            {
                body.Errors["topic"] = [$"Topic '{topicName}' does not exist."];
            }

            var partition = body.Integer("partition", 0, Math.Max(0, (topic?.Partitions ?? 1) - 1));
            var broker = body.Integer("brokerId", 1, cluster.BrokerCount);
            return Apply(body.Errors, () => cluster.SetPartitionLeader(topicName, partition, broker));
        });

    /// <summary>All brokers up with no added round-trip time, and no pending request errors.</summary>
    public static Results<NoContent, ValidationProblem, ProblemHttpResult> Reset(EmbeddedKafkaState state)
    {
        if (state.Cluster is not { } cluster)
        {
            return KafkaApi.NotReady();
        }

        return Apply(new Dictionary<string, string[]>(), () =>
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
    }

    /// <summary>Runs <paramref name="handle"/> with the running cluster and a well-formed JSON body.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> WithBody(HttpRequest request,
        EmbeddedKafkaState state, CancellationToken cancellationToken,
        Func<MockKafkaCluster, FaultRequestBody, Results<NoContent, ValidationProblem, ProblemHttpResult>> handle)
    {
        if (state.Cluster is not { } cluster)
        {
            return KafkaApi.NotReady();
        }

        var body = await FaultRequestBody.ReadAsync(request, cancellationToken);
        return body.IsValid ? handle(cluster, body) : TypedResults.ValidationProblem(body.Errors);
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> WithBroker(
        string id, EmbeddedKafkaState state, Action<MockKafkaCluster, int> action)
    {
        if (state.Cluster is not { } cluster)
        {
            return KafkaApi.NotReady();
        }

        var errors = new Dictionary<string, string[]>();
        var broker = ParseBrokerId(id, cluster, errors);
        return Apply(errors, () => action(cluster, broker));
    }

    private static int ParseBrokerId(string id, MockKafkaCluster cluster, Dictionary<string, string[]> errors)
    {
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var broker)
            && broker >= 1 && broker <= cluster.BrokerCount)
        {
            return broker;
        }

        errors["id"] = [$"Broker id must be between 1 and {cluster.BrokerCount} (was '{id}')."];
        return 0;
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Apply(
        Dictionary<string, string[]> errors, Action action)
    {
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            action();
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
}
