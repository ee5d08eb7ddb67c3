namespace OrdersAspire.Analysis;

/// <summary>One rule's verdict for one group at one moment. A rule that is not <see cref="Evaluable"/> (its input is
/// unknown) never fires, and its <see cref="Message"/> says what it lacks.</summary>
public sealed record AlertCondition(string Name, bool Firing, string Severity, double Value, double Threshold, string Message, bool Evaluable = true)
{
    public static AlertCondition NotEvaluable(string name, string severity, double threshold, string reason) =>
        new(name, false, severity, 0, threshold, reason, Evaluable: false);
}
