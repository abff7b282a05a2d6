using System.Text.Json;
using System.Text.Json.Serialization;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.PlatformSimulator.State;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>Bodies of the /_sim/* admin endpoints (not part of the platform contract).</summary>
public sealed record SimulatorRecordList(int Count, IReadOnlyList<StoredRecord> Items);

public sealed record FeedbackInjection(string Catalog, string RecordId, string Code, string Message);

public sealed record TamperRequest(string Catalog, string RecordId, string? ContentHash = null, string? Status = null);

public sealed record SimulatorStats(int Records, int Batches, long Requests, long Dropped, long Malformed, long ServerErrors, long RateLimited, long Unauthorized);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SimulatorRecordList))]
[JsonSerializable(typeof(SimulatorFaults))]
[JsonSerializable(typeof(FeedbackInjection))]
[JsonSerializable(typeof(FeedbackItem))]
[JsonSerializable(typeof(TamperRequest))]
[JsonSerializable(typeof(StoredRecord))]
[JsonSerializable(typeof(SimulatorStats))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;

/// <summary>The simulator's JSON: the contract's shapes, with Chinese left readable (people read /_sim/* and receipts).</summary>
internal static class SimJson
{
    public static readonly PlatformJsonContext Platform = new(Options(JsonIgnoreCondition.Never));

    public static readonly SimulatorJsonContext Admin = new(Options(JsonIgnoreCondition.WhenWritingNull));

    private static JsonSerializerOptions Options(JsonIgnoreCondition ignore) => new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = ignore,
    };
}
