using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GanXian.CreditHub.Platform.Contract;

/// <summary>
/// Source-generated JSON for every wire type (camelCase, as the contract spells its fields). Refit 16 needs a
/// context (<c>AddRefitGeneratedClient</c>); the simulator links this file so both sides read and write alike.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<CatalogDefinition>))]
[JsonSerializable(typeof(List<CatalogDefinition>))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchReceipt))]
[JsonSerializable(typeof(PlatformRecord))]
[JsonSerializable(typeof(RecordPage))]
[JsonSerializable(typeof(FeedbackPage))]
[JsonSerializable(typeof(PlatformErrorBody))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
public sealed partial class PlatformJsonContext : JsonSerializerContext;
