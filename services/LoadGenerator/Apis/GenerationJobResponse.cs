using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.LoadGenerator.Apis;

/// <summary>A generation job as the API shows it.</summary>
public sealed record GenerationJobResponse(
    Guid Id,
    GenerationState State,
    string Topic,
    long Requested,
    int RatePerSecond,
    KeyDistributionRequest KeyDistribution,
    int Customers,
    int PayloadBytes,
    long Produced,
    long Acknowledged,
    long Failed,
    double AchievedRatePerSecond,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    GenerationJobLinks Links)
{
    public static GenerationJobResponse From(GenerationJob job, DateTimeOffset now)
    {
        var self = OrderGenerationApi.JobPath(job.Id);
        return new(
            job.Id,
            job.State,
            job.Topic,
            job.Spec.Count,
            job.Spec.RatePerSecond,
            job.Spec.DescribeKeys(),
            job.Spec.Customers,
            job.Spec.PayloadBytes,
            job.Produced,
            job.Acknowledged,
            job.Failed,
            Math.Round(job.AchievedRatePerSecond(now), 1),
            job.StartedAt,
            job.FinishedAt,
            job.LastError,
            new GenerationJobLinks(self, self, OrderGenerationApi.BasePath));
    }
}
