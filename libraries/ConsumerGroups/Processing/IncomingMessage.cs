using System.Text;
using Confluent.Kafka;
using OrdersAspire.Orders;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Sorts one Kafka message into a valid order or a reason to dead-letter it. Pure: no I/O.</summary>
public static class IncomingMessage
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static OrderReadResult Classify(byte[]? key, byte[]? value)
    {
        if (key is null)
        {
            return OrderReadResult.Invalid("message has no key (expected the order's customerId)");
        }

        string keyText;
        try
        {
            keyText = StrictUtf8.GetString(key);
        }
        catch (DecoderFallbackException)
        {
            return OrderReadResult.Invalid("message key is not valid UTF-8");
        }
        if (value is null)
        {
            return OrderReadResult.Invalid("message has no value (a tombstone is not an order)");
        }

        return OrderCodec.Read(value, keyText);
    }

    public static OrderReadResult Classify(ConsumeResult<byte[]?, byte[]?> result) =>
        Classify(result.Message.Key, result.Message.Value);
}
