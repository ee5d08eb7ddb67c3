namespace OrdersAspire.AppHost.Scaling;

/// <summary>The outcome of a scaling request: whether the replica count changed, how many replicas run now, and a
/// sentence for a person (the dashboard shows it as the command's result; a refusal says why).</summary>
public sealed record ScaleResult(bool Changed, int Replicas, string Message);
