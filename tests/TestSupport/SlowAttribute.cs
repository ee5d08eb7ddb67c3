using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrdersAspire.Testing;

/// <summary>Marks a test class or method as slow: it runs services as separate processes or the whole AppHost.
/// It carries the trait <c>Category=Slow</c>, so the inner loop leaves it out with
/// <c>dotnet test OrdersAspire.sln --filter "Category!=Slow"</c>; CI runs everything.</summary>
[TraitDiscoverer("OrdersAspire.Testing.SlowAttribute+Discoverer", "TestSupport")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SlowAttribute : Attribute, ITraitAttribute
{
    public const string Category = "Category";
    public const string Value = "Slow";

    /// <summary>What xunit calls to read the trait.</summary>
    public sealed class Discoverer : ITraitDiscoverer
    {
        public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new(Category, Value)];
    }
}
