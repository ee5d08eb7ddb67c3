using System.Net.Http.Json;

namespace OrdersAspire.AppHost.Kafka;

/// <summary>The embedded broker listens on random loopback ports chosen by librdkafka's mock cluster, so
/// its bootstrap address is only known once it runs: this value asks the broker process for it when a
/// dependent resource is about to start.</summary>
internal sealed class EmbeddedKafkaBootstrap(ProjectResource broker) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public string ValueExpression => $"{{{broker.Name}.bootstrapServers}}";

    public IEnumerable<object> References => [broker];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var baseUrl = await broker.GetEndpoint("http").GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"'{broker.Name}' has no http endpoint yet");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AskTimeout);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                var info = await http.GetFromJsonAsync<BrokerInfo>("/kafka", timeout.Token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(info?.BootstrapServers))
                {
                    return info.BootstrapServers;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex; // not ready yet: the broker answers 503 until its cluster is up
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"'{broker.Name}' did not publish its bootstrap address within {AskTimeout.TotalSeconds} s", last);
    }

    private sealed record BrokerInfo(string BootstrapServers);
}
