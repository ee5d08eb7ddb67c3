using Microsoft.Extensions.Options;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.LoadGenerator.Tests.Generation;

public class GenerationJobsTests
{
    private static readonly GenerationSpec Spec = new(10, 10, KeyDistributionKind.Uniform, null, null, null, 10, 0);

    private static GenerationJob NewJob() => new(Guid.CreateVersion7(), "orders", Spec, DateTimeOffset.UtcNow, activity: null);

    [Fact]
    public void The_list_is_bounded_forgetting_the_oldest_finished_jobs_first()
    {
        var jobs = new GenerationJobs(Options.Create(new LoadGeneratorOptions { JobHistory = 3, MaxRunningJobs = 10 }));
        var running = NewJob();
        Assert.True(jobs.TryAdd(running));
        var finished = Enumerable.Range(0, 4).Select(_ => NewJob()).ToList();
        foreach (var job in finished)
        {
            Assert.True(jobs.TryAdd(job));
            job.Finish(GenerationState.Completed, DateTimeOffset.UtcNow);
        }

        // The running job stays although it is the oldest; the two oldest finished ones are gone.
        Assert.Equal([finished[3].Id, finished[2].Id, running.Id], jobs.Recent().Select(j => j.Id));
        Assert.Null(jobs.Find(finished[0].Id));
        Assert.Same(running, jobs.Find(running.Id));
        Assert.Equal([running], jobs.Running());
    }

    [Fact]
    public void No_more_than_the_maximum_run_at_once()
    {
        var jobs = new GenerationJobs(Options.Create(new LoadGeneratorOptions { JobHistory = 10, MaxRunningJobs = 2 }));
        var first = NewJob();
        Assert.True(jobs.TryAdd(first));
        Assert.True(jobs.TryAdd(NewJob()));
        Assert.False(jobs.TryAdd(NewJob()));

        first.Finish(GenerationState.Cancelled, DateTimeOffset.UtcNow);
        Assert.True(jobs.TryAdd(NewJob()));
    }

    [Fact]
    public void A_job_is_delivered_only_when_production_ended_and_every_report_arrived()
    {
        var job = NewJob();
        job.RecordProduced();
        job.RecordProduced();
        job.RecordAcknowledged();
        job.RecordFailure("boom");
        Assert.False(job.AllDelivered.IsCompleted); // production still running

        job.RecordProduced();
        job.EndProduction();
        Assert.False(job.AllDelivered.IsCompleted);
        job.RecordAcknowledged();
        Assert.True(job.AllDelivered.IsCompleted);
        Assert.Equal((3, 2, 1, 0), (job.Produced, job.Acknowledged, job.Failed, job.Pending));
        Assert.Equal("boom", job.LastError);
    }
}
