using System.Text;
using OrdersAspire.LoadGenerator.Keys;

namespace OrdersAspire.LoadGenerator.Tests.Keys;

public class Murmur2Tests
{
    // The vectors of Apache Kafka's UtilsTest.testMurmur2 (clients/src/test/java/org/apache/kafka/common/utils).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Matches_the_java_client(string key, int expected) =>
        Assert.Equal(expected, Murmur2.Hash(Encoding.ASCII.GetBytes(key)));

    [Fact]
    public void Partition_is_the_positive_hash_modulo_the_partition_count()
    {
        // -973932308 & 0x7fffffff = 1173551340; % 6 = 0
        Assert.Equal(1173551340 % 6, Murmur2.Partition("21", 6));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(Murmur2.Partition(CustomerIds.Format(i), 7), 0, 6));
    }
}
