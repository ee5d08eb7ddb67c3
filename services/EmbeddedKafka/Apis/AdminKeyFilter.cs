using Microsoft.Extensions.Options;
using OrdersAspire.EmbeddedKafka.Hosting;
using OrdersAspire.ServiceDefaults.Security;

namespace OrdersAspire.EmbeddedKafka.Apis;

/// <summary>Fault injection needs <see cref="EmbeddedKafkaOptions.AdminKey"/> in the <c>X-Admin-Key</c> header; without
/// a configured key the fault API is disabled (403).</summary>
public sealed class AdminKeyFilter(IOptions<EmbeddedKafkaOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var verdict = AdminKey.Check(options.Value.AdminKey, context.HttpContext.Request);
        return AdminKey.Refusal(verdict, "Fault injection", "EmbeddedKafka:AdminKey") is { } refusal
            ? ValueTask.FromResult<object?>(refusal)
            : next(context);
    }
}
