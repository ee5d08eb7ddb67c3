namespace OrdersAspire.Analysis;

/// <summary>The predicted assignment of a strategy × replica count, and how it would carry the measured load.</summary>
public sealed record WhatIfResult(
    string Strategy,
    int Replicas,
    IReadOnlyList<WhatIfMember> Members,
    int PartitionSpread,
    double ImbalancePercent,
    double MaxMemberLoad,
    int IdleReplicas,
    bool LoadByRate);

public sealed record WhatIfMember(string Member, IReadOnlyList<int> Partitions, double Load);
