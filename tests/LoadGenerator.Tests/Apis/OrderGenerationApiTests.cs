using System.Diagnostics;
using System.Net;
using System.Text;
using OrdersAspire.LoadGenerator.Apis;
using OrdersAspire.LoadGenerator.Generation;
using OrdersAspire.LoadGenerator.Keys;
using OrdersAspire.LoadGenerator.Tests.Support;
using OrdersAspire.Orders;

namespace OrdersAspire.LoadGenerator.Tests.Apis;

public class OrderGenerationApiTests
{
    [Fact]
    public async Task A_job_produces_exactly_the_requested_orders_spread_evenly_with_uniform_keys()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 6);

        using var response = await host.PostJsonAsync("""{"count":1000,"ratePerSecond":500}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<GenerationJobResponse>(response.Content))!;
        Assert.Equal(OrderGenerationApi.JobPath(started.Id), response.Headers.Location?.OriginalString);
        Assert.Equal(GenerationState.Running, started.State);
        Assert.Equal(1000, started.Requested);
        Assert.Equal(host.Topic, started.Topic);
        Assert.Equal("uniform", started.KeyDistribution.Type);
        Assert.Equal(OrderGenerationApi.JobPath(started.Id), started.Links.Self);

        var clock = Stopwatch.StartNew();
        var job = await host.WaitForFinishAsync(started.Id);
        var elapsed = clock.Elapsed;

        Assert.Equal(GenerationState.Completed, job.State);
        Assert.Equal(1000, job.Produced);
        Assert.Equal(1000, job.Acknowledged);
        Assert.Equal(0, job.Failed);
        Assert.Null(job.LastError);
        Assert.NotNull(job.FinishedAt);
        // Paced, not a burst: 1000 at 500/s takes about 2 s (the last order is due at 1.998 s).
        Assert.True(elapsed > TimeSpan.FromSeconds(1.8), $"finished after {elapsed}");
        Assert.InRange(job.AchievedRatePerSecond, 250, 501);

        var topic = host.ReadTopic();
        var orders = topic.Messages.Select(m => OrderCodec.Read(m.Message.Value, m.Message.Key)).ToList();
        Assert.All(orders, read => Assert.True(read.IsValid, read.Reason));
        Assert.Equal(1000, topic.Messages.Count);
        Assert.Equal(1000, orders.Select(o => o.Order!.OrderId).Distinct().Count());
        var expected = 1000 / 6.0;
        Assert.All(topic.CountByPartition(6), count => Assert.InRange(count, expected * 0.75, expected * 1.25));
    }

    [Fact]
    public async Task A_hot_partition_gets_its_share_and_keys_land_where_murmur2_says()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 6);

        var started = await host.StartJobAsync("""{"count":2000,"ratePerSecond":5000,"keyDistribution":{"type":"hot","partition":2,"share":0.6}}""");
        var job = await host.WaitForFinishAsync(started.Id);
        Assert.Equal(GenerationState.Completed, job.State);
        Assert.Equal(2000, job.Acknowledged);

        var topic = host.ReadTopic();
        Assert.Equal(2000, topic.Messages.Count);
        Assert.All(topic.Messages, m => Assert.Equal(Murmur2.Partition(m.Message.Key, 6), m.Partition.Value));
        var share = topic.CountByPartition(6)[2] / 2000.0;
        Assert.InRange(share, 0.55, 0.65);
    }

    [Fact]
    public async Task Zipf_keys_concentrate_orders_on_a_few_customers_and_partitions()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 6);

        var started = await host.StartJobAsync("""{"count":2000,"ratePerSecond":5000,"keyDistribution":{"type":"zipf","skew":1.2}}""");
        var job = await host.WaitForFinishAsync(started.Id);
        Assert.Equal(GenerationState.Completed, job.State);

        var topic = host.ReadTopic();
        Assert.Equal(2000, topic.Messages.Count);
        var byCustomer = topic.Messages.GroupBy(m => m.Message.Key).Select(g => g.Count()).OrderDescending().ToList();
        // The top customer carries ≈ 24% of the orders (uniform over 1000 customers: 0.1%).
        Assert.InRange(byCustomer[0] / 2000.0, 0.18, 0.30);
        // So the most loaded partition is clearly above the uniform 1/6 ≈ 16.7%.
        Assert.True(topic.CountByPartition(6).Max() / 2000.0 > 0.28, string.Join(",", topic.CountByPartition(6)));
        // And the top ten customers carry over half of them.
        Assert.True(byCustomer.Take(10).Sum() > 1000, $"top ten customers: {byCustomer.Take(10).Sum()}");
    }

    [Fact]
    public async Task Cancelling_stops_production_within_a_second()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 3);

        var started = await host.StartJobAsync("""{"count":1000000,"ratePerSecond":2000}""");
        await Eventually.ResultAsync(() => host.GetJobAsync(started.Id), j => j.Acknowledged >= 200, LoadGeneratorHost.JobTimeout, "200 acknowledged orders");

        var clock = Stopwatch.StartNew();
        using var response = await host.Client.DeleteAsync(OrderGenerationApi.JobPath(started.Id));
        var cancelled = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<GenerationJobResponse>(response.Content))!;
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GenerationState.Cancelled, cancelled.State);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"cancel took {elapsed}");
        Assert.Equal(cancelled.Produced, cancelled.Acknowledged);
        Assert.InRange(cancelled.Produced, 200, 999_999);

        // Nothing more is produced: the topic holds exactly what the job reported, then and later.
        Assert.Equal(cancelled.Produced, host.HighWatermarks().Sum());
        var later = await host.GetJobAsync(started.Id);
        Assert.Equal(cancelled.Produced, later.Produced);
        Assert.Equal(GenerationState.Cancelled, later.State);
        Assert.Equal(cancelled.Produced, host.ReadTopic().Messages.Count);

        // Cancelling again is harmless and returns the same job.
        using var again = await host.Client.DeleteAsync(OrderGenerationApi.JobPath(started.Id));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Unknown_jobs_are_404_problems()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
        {
            using var get = await host.Client.GetAsync($"{OrderGenerationApi.BasePath}/{id}");
            using var delete = await host.Client.DeleteAsync($"{OrderGenerationApi.BasePath}/{id}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
            Assert.Equal("application/problem+json", delete.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Recent_jobs_are_listed_newest_first()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 1);

        var first = await host.StartJobAsync("""{"count":5,"ratePerSecond":1000}""");
        var second = await host.StartJobAsync("""{"count":5,"ratePerSecond":1000,"payloadBytes":2048,"customers":10}""");
        await host.WaitForFinishAsync(first.Id);
        await host.WaitForFinishAsync(second.Id);

        var list = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<GenerationJobList>(host.Client, OrderGenerationApi.BasePath);
        Assert.Equal([second.Id, first.Id], list!.Jobs.Select(j => j.Id));
        Assert.All(list.Jobs, j => Assert.Equal(GenerationState.Completed, j.State));

        var padded = host.ReadTopic().Messages.Where(m => m.Message.Value.Length >= 2048).ToList();
        Assert.Equal(5, padded.Count);
        Assert.All(padded, m => Assert.Equal(2048, m.Message.Value.Length));
    }

    [Fact]
    public async Task Each_order_carries_its_id_and_a_trace_of_its_own()
    {
        await using var host = LoadGeneratorHost.Start(partitions: 2);
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, OrderGenerationApi.BasePath)
        {
            Content = new StringContent("""{"count":20,"ratePerSecond":1000}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<GenerationJobResponse>(response.Content))!;
        await host.WaitForFinishAsync(started.Id);

        var messages = host.ReadTopic().Messages;
        Assert.Equal(20, messages.Count);
        var traces = new HashSet<string>();
        Assert.All(messages, m =>
        {
            var order = OrderCodec.Read(m.Message.Value).Order!;
            Assert.True(m.Message.Headers.TryGetLastBytes("message-id", out var messageId));
            Assert.Equal(order.OrderId, Encoding.UTF8.GetString(messageId));

            Assert.True(m.Message.Headers.TryGetLastBytes("traceparent", out var traceparent));
            var parts = Encoding.UTF8.GetString(traceparent).Split('-');
            Assert.NotEqual(traceId.ToString(), parts[1]); // linked to the request's trace, not in it (see TraceContinuityTests)
            traces.Add(parts[1]);
        });
        Assert.Equal(20, traces.Count); // one trace per order
    }
}
