using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrdersAspire.LoadGenerator.Generation;

namespace OrdersAspire.LoadGenerator.Apis;

/// <summary>Generation jobs: start one, watch it, list the recent ones, cancel one.</summary>
public static class OrderGenerationApi
{
    public const string BasePath = "/api/orders/generate";

    /// <summary>How long DELETE waits for the job to stop and report its in-flight deliveries.</summary>
    public static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(5);

    public static string JobPath(Guid id) => $"{BasePath}/{id}";

    public static IEndpointRouteBuilder MapOrderGenerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).WithTags("Order generation");

        api.MapPost("/", StartJob)
            .WithName("StartGeneration")
            .WithSummary("Start producing orders at a steady rate")
            .WithDescription("Produces count orders to the configured topic at ratePerSecond, keyed by customer id drawn from keyDistribution. Returns at once; follow the Location header.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/", ListJobs)
            .WithName("ListGenerations")
            .WithSummary("The recent generation jobs, newest first");
        api.MapGet("/{id}", GetJob)
            .WithName("GetGeneration")
            .WithSummary("A generation job's state and counters")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", CancelJob)
            .WithName("CancelGeneration")
            .WithSummary("Cancel a generation job")
            .WithDescription("Stops production, waits briefly for in-flight deliveries and returns the job. Cancelling a finished job returns it unchanged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Accepted<GenerationJobResponse>, ValidationProblem, ProblemHttpResult>> StartJob(
        GenerateOrdersRequest? request,
        GenerationRunner runner,
        TopicPartitions topics,
        IOptions<LoadGeneratorOptions> options,
        TimeProvider time)
    {
        var errors = GenerationRequestValidator.Validate(request, out var spec);
        if (errors.Count > 0 || spec is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The generation request is invalid.");
        }

        int? partitionCount = null;
        if (spec.Distribution == KeyDistributionKind.Hot)
        {
            var topic = options.Value.Topic;
            var partitions = await topics.GetPartitionCountAsync(topic);
            if (partitions.Count is not { } count)
            {
                return TypedResults.Problem(
                    partitions.Error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The topic's partitions are not known.");
            }

            errors = GenerationRequestValidator.ValidateAgainstTopic(spec, topic, count);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "The generation request is invalid.");
            }

            partitionCount = count;
        }

        var job = runner.TryStart(spec, partitionCount);
        if (job is null)
        {
            return TypedResults.Problem(
                $"At most {options.Value.MaxRunningJobs} jobs run at a time; cancel one or wait.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many generation jobs are running.");
        }

        return TypedResults.Accepted(JobPath(job.Id), GenerationJobResponse.From(job, time.GetUtcNow()));
    }

    public static Ok<GenerationJobList> ListJobs(GenerationJobs jobs, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new GenerationJobList([.. jobs.Recent().Select(job => GenerationJobResponse.From(job, now))]));
    }

    public static Results<Ok<GenerationJobResponse>, ProblemHttpResult> GetJob(string id, GenerationJobs jobs, TimeProvider time) =>
        Find(id, jobs) is { } job
            ? TypedResults.Ok(GenerationJobResponse.From(job, time.GetUtcNow()))
            : NotFound(id);

    public static async Task<Results<Ok<GenerationJobResponse>, ProblemHttpResult>> CancelJob(
        string id, GenerationJobs jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Find(id, jobs) is not { } job)
        {
            return NotFound(id);
        }

        if (!job.IsFinished)
        {
            job.Cancel();
            try
            {
                await job.Completion.WaitAsync(CancelWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Still reporting deliveries: the response shows it running; GET it again later.
            }
        }

        return TypedResults.Ok(GenerationJobResponse.From(job, time.GetUtcNow()));
    }

    private static GenerationJob? Find(string id, GenerationJobs jobs) =>
        Guid.TryParse(id, out var guid) ? jobs.Find(guid) : null;

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(
            $"No generation job '{(id.Length <= 64 ? id : id[..64])}' is known (the service remembers the recent ones only).",
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown generation job.");
}
