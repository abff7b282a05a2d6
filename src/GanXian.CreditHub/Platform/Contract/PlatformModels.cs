using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GanXian.CreditHub.Platform.Contract;

// The wire types of PLATFORM-API.md, shared by the hub's client and (linked) by the simulator.

public sealed record CatalogDefinition(string Code, string Name, string Version, IReadOnlyList<CatalogField> Fields);

public sealed record CatalogField(
    string Code,
    string Name,
    string Type,
    bool Required,
    int? MaxLength = null,
    IReadOnlyList<string>? CodeList = null,
    int? Scale = null);

public sealed record BatchRequest(string BatchId, string SourceUnitUscc, IReadOnlyList<BatchRecord> Records);

public sealed record BatchRecord(
    string RecordId,
    string Op,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Data = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public const string Upsert = "upsert";
    public const string Withdraw = "withdraw";
}

public sealed record BatchReceipt(string BatchId, DateTimeOffset ReceivedAt, IReadOnlyList<ReceiptResult> Results);

public sealed record ReceiptResult(
    string RecordId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PlatformId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentHash = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RecordError>? Errors = null)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

public sealed record RecordError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    string Code,
    string Message);

public sealed record PlatformRecord(string RecordId, string PlatformId, string Status, string ContentHash, DateTimeOffset UpdatedAt)
{
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
}

public sealed record RecordPage(IReadOnlyList<PlatformRecord> Items, string? NextCursor);

public sealed record FeedbackItem(string FeedbackId, string Catalog, string RecordId, string Code, string Message, DateTimeOffset CreatedAt);

public sealed record FeedbackPage(IReadOnlyList<FeedbackItem> Items, string? NextCursor);

public sealed record PlatformErrorBody(string Code, string Message, string? TraceId);
