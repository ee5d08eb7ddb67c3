namespace OrdersAspire.Analysis;

/// <summary>A firing alert: since when it has been firing continuously, and its current value.</summary>
public sealed record Alert(string Group, string Name, string Severity, double Value, double Threshold, string Message, DateTimeOffset Since);
