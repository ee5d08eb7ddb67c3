namespace OrdersAspire.Analyzer.Analysis;

/// <summary>One rule's verdict for one group at one moment.</summary>
public sealed record AlertCondition(string Name, bool Firing, string Severity, double Value, double Threshold, string Message);
