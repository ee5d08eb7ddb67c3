namespace OrdersAspire.LoadGenerator.Apis;

/// <summary>The recent jobs, newest first.</summary>
public sealed record GenerationJobList(IReadOnlyList<GenerationJobResponse> Jobs);
