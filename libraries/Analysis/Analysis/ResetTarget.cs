namespace OrdersAspire.Analysis;

/// <summary>kafka-consumer-groups' reset specifications: --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by.</summary>
public enum ResetTarget { Earliest, Latest, Offset, Datetime, ShiftBy }
