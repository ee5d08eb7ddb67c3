using Microsoft.AspNetCore.Http.HttpResults;
using OrdersAspire.EmbeddedKafka.Apis;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Tests.Apis;

/// <summary>Before the cluster is ready (or once it stops) the APIs answer 503 ProblemDetails.</summary>
public sealed class NotReadyTests
{
    [Fact]
    public void Kafka_endpoint_is_503_until_ready()
    {
        var result = KafkaApi.GetKafka(new EmbeddedKafkaState()).Result;

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(503, problem.StatusCode);
    }

    [Fact]
    public void Faults_are_503_until_ready()
    {
        var state = new EmbeddedKafkaState();

        Assert.Equal(503, Assert.IsType<ProblemHttpResult>(FaultsApi.SetBrokerDown(1, state).Result).StatusCode);
        Assert.Equal(503, Assert.IsType<ProblemHttpResult>(FaultsApi.Reset(state).Result).StatusCode);
    }
}
