using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.ServiceDefaults.Tests;

public class AdminKeyTests
{
    [Theory]
    [InlineData(null, "x", AdminKey.Verdict.NotConfigured)]
    [InlineData("", "x", AdminKey.Verdict.NotConfigured)]
    [InlineData("secret", null, AdminKey.Verdict.Missing)]
    [InlineData("secret", "", AdminKey.Verdict.Missing)]
    [InlineData("secret", "Secret", AdminKey.Verdict.Wrong)]
    [InlineData("secret", "secret ", AdminKey.Verdict.Wrong)]
    [InlineData("secret", "secre", AdminKey.Verdict.Wrong)]
    [InlineData("secret", "secret0", AdminKey.Verdict.Wrong)]
    [InlineData("secret", "secret", AdminKey.Verdict.Allowed)]
    public void Checks_the_key(string? configured, string? presented, AdminKey.Verdict expected) =>
        Assert.Equal(expected, AdminKey.Check(configured, presented));
}
