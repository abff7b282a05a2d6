using System.Text.Json.Nodes;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Exchange;

// The seam between collection (reading, mapping, validating: Collect/, Mapping/, Validation/) and the exchange
// (staging, batching, sending, receipts: Exchange/). Collection is stateless; the exchange owns every stored state.

/// <summary>Where a record came from, as an officer finds it: the file name and the row number in a spreadsheet view (title rows above the header count).</summary>
public sealed record SourceLocation(string File, long Row);

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One broken rule. <paramref name="Field"/> is the platform field code when known, <paramref name="SourceColumn"/>
/// the column header of the source file; <paramref name="Rule"/> a stable code (e.g. <c>INVALID_USCC</c>,
/// <c>QJJE_MISMATCH</c>); <paramref name="Message"/> in Chinese for officers.
/// </summary>
public sealed record RecordIssue(string? Field, string? SourceColumn, string Rule, string Message, IssueSeverity Severity = IssueSeverity.Error);

/// <summary>
/// A source row after mapping and validation. <see cref="Data"/> holds platform field codes with JSON values typed as
/// PLATFORM-API.md §3 says (numbers for integer/decimal, strings otherwise, absent optional fields omitted); it is null
/// when the row could not be mapped at all. <see cref="RecordId"/> is the stable key derived from the business key
/// (null when the key fields are missing). <see cref="Original"/> keeps the raw source values for quarantine.
/// </summary>
/// <remarks>
/// The collection reader sets <see cref="Fields"/> (the mapped values, no JSON object per row) and leaves
/// <see cref="Data"/> to be built from it on first use, which the exchange never needs: <see cref="StagedRow.From"/>
/// encodes <see cref="Fields"/> directly. When both are given they describe the same record.
/// </remarks>
public sealed record CollectedRecord(
    string Catalog,
    string? RecordId,
    SourceLocation Source,
    IReadOnlyDictionary<string, string?> Original,
    JsonObject? Data,
    IReadOnlyList<RecordIssue> Issues,
    DateOnly? PublishUntil = null)
{
    private JsonObject? _data = Data;

    public JsonObject? Data
    {
        get => _data ??= Fields?.ToJsonObject();
        init => _data = value;
    }

    /// <summary>The mapped values of <see cref="Data"/>, when the record comes from the collection reader.</summary>
    public RecordFields? Fields { get; init; }

    /// <summary>
    /// A totals row of the export (合计/总计/小计, no business key) or a note under the table (注：…, 制表人：…), not a
    /// record: the importer counts it and stores nothing.
    /// </summary>
    public bool IsSummaryRow { get; init; }

    /// <summary>The header again inside the table (two exports pasted into one file): skipped and counted like a totals row.</summary>
    public bool IsRepeatedHeader { get; init; }

    public bool IsValid
    {
        get
        {
            if (_data is null && Fields is null || RecordId is null)
            {
                return false;
            }

            for (var i = 0; i < Issues.Count; i++)
            {
                if (Issues[i].Severity != IssueSeverity.Warning)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>A configured inbox: which catalogue its files feed and through which mapping file.</summary>
public sealed record SourceDefinition(
    string Name,
    string Catalog,
    string Inbox,
    string Archive,
    string Rejected,
    string MappingFile,
    string? Encoding = null);

/// <summary>A file that cannot be read as a table of its source at all; the message is Chinese and goes next to the rejected file.</summary>
public sealed class SourceFileUnreadableException(string file, string message, Exception? inner = null) : Exception(message, inner)
{
    public string File { get; } = file;
}

/// <summary>Reads one inbox file as a stream of mapped and validated records (implemented by Collect/).</summary>
public interface ISourceFileReader
{
    /// <summary>
    /// Streams the records of <paramref name="path"/>. Throws <see cref="SourceFileUnreadableException"/> when the file
    /// cannot be read as a table of this source (wrong encoding, not a table, required column missing) — up front
    /// where that can be detected before the first record, otherwise mid-stream (the caller then discards what it staged).
    /// </summary>
    /// <remarks><paramref name="sheet"/> names the worksheet to read, one of <see cref="TableSheetsOf"/>; null reads the file's one table.</remarks>
    IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet, CancellationToken ct);

    /// <summary>
    /// The worksheets of a workbook that each hold the table, when two or more do (one per insurance type, per month):
    /// the importer reads each on its own, as a part of the file. Empty for a file with one table. Throws
    /// <see cref="SourceFileUnreadableException"/> when the file cannot be opened.
    /// </summary>
    IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path);
}

/// <summary>Catalogue rules applied to platform-field data, for records an officer corrected by hand (implemented by Validation/ and Mapping/).</summary>
public interface IRecordRules
{
    /// <summary>The stable recordId from the catalogue's business key fields in <paramref name="data"/>.</summary>
    string RecordIdFor(string catalog, JsonObject data);

    IReadOnlyList<RecordIssue> Validate(string catalog, JsonObject data);

    /// <summary>The date after which the record must leave the platform, for catalogues that have one.</summary>
    DateOnly? PublishUntil(string catalog, JsonObject data);
}
