using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrdersAspire.GroupContracts.Reports;

/// <summary>Source-generated JSON for <see cref="ConsumerReport"/>: camelCase names, enums as their lower-case names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConsumerReport))]
public sealed partial class ConsumerReportJsonContext : JsonSerializerContext;
