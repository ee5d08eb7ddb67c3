using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrdersAspire.AppHost.Tests.Acceptance;

/// <summary>Drives the load generator's public API exactly as the lesson's curl line does.</summary>
public sealed class LoadGeneratorClient(HttpClient loadGenerator)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> StartAsync(object request, CancellationToken cancellationToken)
    {
        using var response = await loadGenerator.PostAsJsonAsync("/api/orders/generate", request, Json, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<Job>(Json, cancellationToken);
        return job!.Id;
    }

    public async Task<Job> WaitForCompletionAsync(string id, CancellationToken cancellationToken)
    {
        Job? job = null;
        job = await Eventually.ResultAsync(() => loadGenerator.GetFromJsonAsync<Job>($"/api/orders/generate/{id}", Json, cancellationToken),
            j => j is not null && j.State != "Running", JobTimeout, $"job {id} to finish", TimeSpan.FromMilliseconds(500), cancellationToken);
        Assert.Equal("Completed", job!.State);
        Assert.Equal(0, job.Failed);
        return job;
    }

    /// <summary>Waits until no job is running (another test's job may still be producing).</summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken) =>
        await Eventually.ResultAsync(() => loadGenerator.GetFromJsonAsync<JobList>("/api/orders/generate", Json, cancellationToken),
            list => list is not null && !list.Jobs.Any(j => j.State == "Running"), JobTimeout, "no job running",
            TimeSpan.FromMilliseconds(500), cancellationToken);

    /// <summary>The longest job the tests start (9,000 orders at 300/s) with room for a loaded machine.</summary>
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);

    private sealed record JobList(IReadOnlyList<Job> Jobs);

    public sealed record Job(string Id, string State, long Requested, long Produced, long Acknowledged, long Failed, double AchievedRatePerSecond);
}
