using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrdersAspire.Orders;

/// <summary>Source-generated JSON for orders: camelCase, and unknown members refused so that a
/// producer speaking another schema is caught rather than half-read.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Order))]
public sealed partial class OrderJsonContext : JsonSerializerContext;
