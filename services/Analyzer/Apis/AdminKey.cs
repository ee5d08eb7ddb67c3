using System.Security.Cryptography;
using System.Text;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>Checks the <c>X-Admin-Key</c> header against <c>Analyzer:AdminKey</c> in constant time.</summary>
public static class AdminKey
{
    public const string HeaderName = "X-Admin-Key";

    public enum Verdict { Allowed, NotConfigured, Missing, Wrong }

    public static Verdict Check(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured))
            return Verdict.NotConfigured;
        if (string.IsNullOrEmpty(presented))
            return Verdict.Missing;
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(a, b) ? Verdict.Allowed : Verdict.Wrong;
    }
}
