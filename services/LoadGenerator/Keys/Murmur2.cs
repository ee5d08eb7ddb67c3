using System.Buffers.Binary;
using System.Text;

namespace OrdersAspire.LoadGenerator.Keys;

/// <summary>
/// Kafka's default partitioner hash (Java client <c>Utils.murmur2</c>, librdkafka <c>murmur2</c> /
/// <c>murmur2_random</c>): a key lands on <c>(murmur2(keyBytes) &amp; 0x7fffffff) % partitionCount</c>.
/// </summary>
public static class Murmur2
{
    private const uint Seed = 0x9747b28c;
    private const uint M = 0x5bd1e995;
    private const int R = 24;

    public static int Hash(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        var tail = data[(blocks * 4)..];
        switch (tail.Length)
        {
            case 3:
                h ^= (uint)tail[2] << 16;
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 2:
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 1:
                h ^= tail[0];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return unchecked((int)h);
    }

    /// <summary>The partition Kafka's murmur2 partitioner picks for a non-empty key.</summary>
    public static int Partition(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return (Hash(key) & 0x7fffffff) % partitionCount;
    }

    /// <summary>The partition of a string key serialized as UTF-8 (Confluent.Kafka's string serializer).</summary>
    public static int Partition(string key, int partitionCount)
    {
        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var written = Encoding.UTF8.GetBytes(key, buffer);
        return Partition(buffer[..written], partitionCount);
    }
}
