using OrdersAspire.GroupContracts.Scaling;
namespace OrdersAspire.Analysis.Scaling;

/// <summary>One evaluation of the rule for a group with autoscaling enabled: the step (<see cref="Action"/>, from
/// <see cref="Current"/> to <see cref="Desired"/>), why, and the inputs it came from.</summary>
public sealed record AutoscaleDecision(
    DateTimeOffset At,
    string Group,
    string Action,
    int? Current,
    int? Desired,
    int Target,
    int Stabilized,
    int KedaReplicas,
    string Basis,
    string Reason,
    long TotalLag,
    IReadOnlyDictionary<int, long> PartitionLag,
    double IncomingRate,
    double? PerReplicaRate,
    string CapacitySource,
    string Explanation);

/// <summary>A group's autoscaling as the analyzer sees it: its settings, the latest decision, and the recent decisions
/// that changed something (action, current or desired count), oldest first.</summary>
public sealed record AutoscaleStatus(string Group, AutoscaleSettings Settings, AutoscaleDecision Latest, IReadOnlyList<AutoscaleDecision> Recent);
