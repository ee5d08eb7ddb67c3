namespace OrdersAspire.LoadGenerator.Apis;

/// <summary><c>self</c>: GET the job; <c>cancel</c>: DELETE it; <c>jobs</c>: the recent jobs.</summary>
public sealed record GenerationJobLinks(string Self, string Cancel, string Jobs);
