namespace OrdersAspire.Analysis.Scaling;

/// <summary>What the scaling rule needs of one partition: its lag and the rate messages arrive at.</summary>
public readonly record struct PartitionLoad(int Partition, long Lag, double IncomingRate);
