namespace OrdersAspire.AppHost.Scaling;

/// <summary>How far a group may scale: 1 to <see cref="MaxReplicas"/>, which is never more than the topic's partitions
/// (a member beyond the partition count owns nothing). <see cref="ConfigurationKey"/> names the group's topology section.</summary>
public sealed record ScalingBounds(string Group, string Topic, int Partitions, int MaxReplicas, string ConfigurationKey);
