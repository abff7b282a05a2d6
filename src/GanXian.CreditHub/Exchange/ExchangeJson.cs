using GanXian.CreditHub.Hosting;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Exchange;

/// <summary>How the exchange stores data, issues and original values as JSON text.</summary>
internal static class ExchangeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Fields naming the subject: credit code first; a person's ID number only masked (DOMAIN.md §6).
    private static readonly string[] CreditCodeFields = ["TYSHXYDM", "CF_XDR_SHXYM", "XK_XDR_SHXYM"];
    private static readonly string[] IdNumberFields = ["ZJHM", "CF_XDR_ZJHM", "XK_XDR_ZJHM"];
    private static readonly FieldKey[] CreditCodeKeys = [.. CreditCodeFields.Select(f => new FieldKey(f))];
    private static readonly FieldKey[] IdNumberKeys = [.. IdNumberFields.Select(f => new FieldKey(f))];

    /// <summary>The canonical text of <paramref name="data"/> and its content hash (the platform's contentHash).</summary>
    public static (string Text, string Hash) Canonical(JsonObject data)
    {
        var bytes = CanonicalJson.Encode(data);
        return (Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>The same for mapped values: byte for byte what <see cref="Canonical(JsonObject)"/> gives for their JSON object.</summary>
    public static (string Text, string Hash) Canonical(RecordFields data) => CanonicalRecordWriter.Current.Encode(data);

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Issues(IEnumerable<RecordIssue> issues) =>
        JsonSerializer.Serialize(issues.Select(i => new IssueDto(i.Field, i.SourceColumn, i.Rule, i.Message, i.Severity.ToString())), Options);

    public static IReadOnlyList<IssueDto> ParseIssues(string json) => JsonSerializer.Deserialize<List<IssueDto>>(json, Options) ?? [];

    public static string Original(IReadOnlyDictionary<string, string?> original) => JsonSerializer.Serialize(original, Options);

    /// <summary>The same for mapped values.</summary>
    public static string? EntityKey(RecordFields data)
    {
        foreach (var f in CreditCodeKeys)
        {
            if (data[f].TryGetString(out var s) && s.Length > 0)
            {
                // A natural person's ID number typed into the credit-code column must not reach the immutable log.
                return PersonalIdRedactor.MaskEntityKey(s);
            }
        }

        foreach (var f in IdNumberKeys)
        {
            if (data[f].TryGetString(out var s) && s.Length > 0)
            {
                return CitizenIdNumber.Mask(s);
            }
        }

        return null;
    }

    public static string? EntityKey(JsonObject? data)
    {
        if (data is null)
        {
            return null;
        }

        foreach (var f in CreditCodeFields)
        {
            if (data[f] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
            {
                return PersonalIdRedactor.MaskEntityKey(s);
            }
        }

        foreach (var f in IdNumberFields)
        {
            if (data[f] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
            {
                // Masked whatever its shape: a mistyped number is still a person's number and the log is immutable.
                return CitizenIdNumber.Mask(s);
            }
        }

        return null;
    }
}

/// <summary>One issue as stored in <see cref="QuarantineItem.Issues"/>.</summary>
public sealed record IssueDto(string? Field, string? SourceColumn, string Rule, string Message, string Severity = "Error");
