using Microsoft.Extensions.Configuration;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Tests.Configuration;

internal static class OptionsBinding
{
    /// <summary>Binds the ConsumerGroup section from key=value pairs (GroupId=g unless overridden), as the host does.</summary>
    public static ConsumerGroupOptions Bind(params string[] settings)
    {
        var values = new Dictionary<string, string?> { ["ConsumerGroup:GroupId"] = "g" };
        foreach (var setting in settings.Where(s => s.Length > 0))
        {
            var (key, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            values["ConsumerGroup:" + key] = value;
        }
        var options = new ConsumerGroupOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(ConsumerGroupOptions.SectionName).Bind(options);
        return options;
    }
}
