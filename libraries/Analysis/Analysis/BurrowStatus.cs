using System.Text.Json.Serialization;

namespace OrdersAspire.Analysis;

/// <summary>Burrow's statuses, in Burrow's order of severity. Partitions are OK, WARN, STOP, STALL or REWIND; a group
/// is the worst of its partitions with anything above ERR reported as ERR.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BurrowStatus>))]
public enum BurrowStatus
{
    [JsonStringEnumMemberName("OK")] Ok = 1,
    [JsonStringEnumMemberName("WARN")] Warn = 2,
    [JsonStringEnumMemberName("ERR")] Err = 3,
    [JsonStringEnumMemberName("STOP")] Stop = 4,
    [JsonStringEnumMemberName("STALL")] Stall = 5,
    [JsonStringEnumMemberName("REWIND")] Rewind = 6,
}

public static class BurrowStatusNames
{
    public static string ToBurrowName(this BurrowStatus status) => status switch
    {
        BurrowStatus.Ok => "OK",
        BurrowStatus.Warn => "WARN",
        BurrowStatus.Err => "ERR",
        BurrowStatus.Stop => "STOP",
        BurrowStatus.Stall => "STALL",
        BurrowStatus.Rewind => "REWIND",
        _ => status.ToString().ToUpperInvariant(),
    };
}
