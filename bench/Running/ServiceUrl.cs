using System.Text.RegularExpressions;

namespace OrdersAspire.Bench.Running;

/// <summary>The base address an ASP.NET Core service bound to (it logs "Now listening on: http://127.0.0.1:port").</summary>
public static partial class ServiceUrl
{
    public static async Task<Uri> WaitAsync(ChildProcess service, TimeSpan timeout)
    {
        var line = await service.WaitForOutputAsync(l => Listening().IsMatch(l), "'Now listening on'", timeout).ConfigureAwait(false);
        return new Uri(Listening().Match(line).Groups[1].Value);
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex Listening();
}
