using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrdersAspire.EmbeddedKafka.Faults;

/// <summary>A Kafka API key or error given by name (<c>"OffsetCommit"</c>) or number (<c>8</c>), as sent; looked up
/// by <see cref="KafkaApiKeys"/> or <see cref="KafkaErrorCodes"/> when the request is validated.</summary>
[JsonConverter(typeof(Converter))]
public readonly record struct KafkaNameOrNumber(string Text)
{
    public override string ToString() => Text;

    /// <summary>A JSON string or number; anything else is a binding failure for this member.</summary>
    public sealed class Converter : JsonConverter<KafkaNameOrNumber>
    {
        public override KafkaNameOrNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String => new(reader.GetString()!),
                JsonTokenType.Number => new(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
                _ => throw new JsonException(),
            };

        public override void Write(Utf8JsonWriter writer, KafkaNameOrNumber value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Text);
    }
}
