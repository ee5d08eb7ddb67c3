using System.Text.Json.Serialization;

namespace OrdersAspire.LoadGenerator.Generation;

[JsonConverter(typeof(JsonStringEnumConverter<GenerationState>))]
public enum GenerationState
{
    Running,
    Completed,
    Cancelled,
    Failed,
}
