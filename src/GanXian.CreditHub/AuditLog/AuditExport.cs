using System.Buffers;
using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.AuditLog;

/// <summary>What to export: one chain, narrowed by time, entity, batch, record or sequence range (all optional).</summary>
public sealed record AuditExportFilter
{
    public LogChain Chain { get; init; } = LogChain.Exchange;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? EntityKey { get; init; }

    public string? BatchId { get; init; }

    public string? RecordId { get; init; }

    public long? FromSeq { get; init; }

    public long? ToSeq { get; init; }

    public bool Matches(AuditEntry e) =>
        (From is null || e.OccurredAt >= From) && (To is null || e.OccurredAt < To)
        && (EntityKey is null || e.EntityKey == EntityKey) && (BatchId is null || e.BatchId == BatchId)
        && (RecordId is null || e.RecordId == RecordId)
        && (FromSeq is null || e.Seq >= FromSeq) && (ToSeq is null || e.Seq <= ToSeq);
}

public sealed record AuditExportResult(long FromSeq, long ToSeq, long Entries, long Stubs, int Checkpoints);

/// <summary>
/// Writes an offline-verifiable export (docs/audit-log.md, "Export format"): a header with the public key, the signed
/// checkpoints that cover the range, then every entry of a contiguous sequence range from just after the signed
/// checkpoint before the first match to the first signed checkpoint at or after the last match. Entries that match the
/// filter are written in full; the others in between only as stubs (sequence, content digest, hash), so the chain can
/// be recomputed end to end without disclosing unrelated entries.
/// </summary>
public sealed class AuditExporter(CreditHubDbContext db)
{
    internal static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Format = "credithub-audit-export/1";

    public async Task<AuditExportResult> ExportAsync(AuditExportFilter filter, string publicKeyPem, string keyFingerprint, string exportedBy,
        DateTimeOffset now, Stream output, CancellationToken ct)
    {
        var matches = Filtered(filter);
        var minMatch = await matches.MinAsync(e => (long?)e.Seq, ct);
        var maxMatch = await matches.MaxAsync(e => (long?)e.Seq, ct);
        var checkpoints = await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => c.Chain == filter.Chain).OrderBy(c => c.Seq).ToListAsync(ct);

        long start = 1, end = 0;
        if (minMatch is { } first && maxMatch is { } lastMatch)
        {
            start = (checkpoints.LastOrDefault(c => c.Seq < first)?.Seq ?? 0) + 1;
            end = checkpoints.FirstOrDefault(c => c.Seq >= lastMatch)?.Seq ?? lastMatch;
        }

        var anchor = start > 1
            ? await db.Set<AuditEntry>().Where(e => e.Chain == filter.Chain && e.Seq == start - 1).Select(e => e.Hash).SingleOrDefaultAsync(ct)
            : AuditEncoding.Genesis;
        var covering = checkpoints.Where(c => c.Seq >= start - 1 && c.Seq <= end).ToList();

        // Lines are built in memory and written asynchronously in blocks: an HTTP response body refuses synchronous writes.
        var buffer = new ArrayBufferWriter<byte>(1 << 17);
        await using var writer = new Utf8JsonWriter(buffer, Json);
        WriteHeader(writer, filter, start, end, anchor, publicKeyPem, keyFingerprint, exportedBy, now);
        NewLine(writer, buffer);
        foreach (var c in covering)
        {
            JsonSerializer.Serialize(writer, CheckpointLine.From(c));
            NewLine(writer, buffer);
        }

        long entries = 0, stubs = 0;
        if (end >= start)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = $"SELECT {AuditLogWriter.Columns} FROM audit_entries WHERE chain = @chain AND seq >= @from AND seq <= @to ORDER BY seq";
                AuditLogWriter.Add(cmd, "chain", (short)filter.Chain);
                AuditLogWriter.Add(cmd, "from", start);
                AuditLogWriter.Add(cmd, "to", end);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                var e = new AuditEntry();
                while (await reader.ReadAsync(ct))
                {
                    AuditVerifier.Read(reader, e);
                    if (filter.Matches(e))
                    {
                        WriteEntry(writer, e);
                        entries++;
                    }
                    else
                    {
                        WriteStub(writer, e);
                        stubs++;
                    }

                    NewLine(writer, buffer);
                    if (buffer.WrittenCount >= 1 << 16)
                    {
                        await output.WriteAsync(buffer.WrittenMemory, ct);
                        buffer.ResetWrittenCount();
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        return new AuditExportResult(start, end, entries, stubs, covering.Count);
    }

    private IQueryable<AuditEntry> Filtered(AuditExportFilter f)
    {
        var q = db.Set<AuditEntry>().Where(e => e.Chain == f.Chain);
        if (f.From is { } from) q = q.Where(e => e.OccurredAt >= from);
        if (f.To is { } to) q = q.Where(e => e.OccurredAt < to);
        if (f.EntityKey is { } k) q = q.Where(e => e.EntityKey == k);
        if (f.BatchId is { } b) q = q.Where(e => e.BatchId == b);
        if (f.RecordId is { } r) q = q.Where(e => e.RecordId == r);
        if (f.FromSeq is { } fs) q = q.Where(e => e.Seq >= fs);
        if (f.ToSeq is { } ts) q = q.Where(e => e.Seq <= ts);
        return q;
    }

    private static void WriteHeader(Utf8JsonWriter w, AuditExportFilter f, long start, long end, byte[]? anchor, string publicKeyPem,
        string keyFingerprint, string exportedBy, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("type", "header");
        w.WriteString("format", Format);
        w.WriteString("chain", ChainNames.Name(f.Chain));
        w.WriteNumber("fromSeq", start);
        w.WriteNumber("toSeq", end);
        w.WriteString("anchorHash", anchor is null ? null : Convert.ToHexStringLower(anchor));
        w.WriteString("exportedAt", CheckpointStatement.Time(now));
        w.WriteString("exportedBy", exportedBy);
        w.WriteStartObject("filter");
        if (f.From is { } from) w.WriteString("from", CheckpointStatement.Time(from));
        if (f.To is { } to) w.WriteString("to", CheckpointStatement.Time(to));
        if (f.EntityKey is { } k) w.WriteString("entityKey", k);
        if (f.BatchId is { } b) w.WriteString("batchId", b);
        if (f.RecordId is { } r) w.WriteString("recordId", r);
        if (f.FromSeq is { } fs) w.WriteNumber("fromSeq", fs);
        if (f.ToSeq is { } ts) w.WriteNumber("toSeq", ts);
        w.WriteEndObject();
        w.WriteString("publicKey", publicKeyPem);
        w.WriteString("keyFingerprint", keyFingerprint);
        w.WriteEndObject();
    }

    internal static void WriteEntry(Utf8JsonWriter w, AuditEntry e)
    {
        w.WriteStartObject();
        w.WriteString("type", "entry");
        w.WriteNumber("seq", e.Seq);
        w.WriteString("occurredAt", CheckpointStatement.Time(e.OccurredAt));
        w.WriteString("kind", e.Kind);
        w.WriteString("actor", e.Actor);
        w.WriteString("catalog", e.Catalog);
        w.WriteString("recordId", e.RecordId);
        w.WriteString("batchId", e.BatchId);
        w.WriteString("entityKey", e.EntityKey);
        w.WriteString("state", e.State);
        w.WriteString("payloadHash", e.PayloadHash);
        w.WriteString("detail", e.Detail);
        w.WriteString("prevHash", Convert.ToHexStringLower(e.PrevHash));
        w.WriteString("hash", Convert.ToHexStringLower(e.Hash));
        w.WriteEndObject();
    }

    private static void WriteStub(Utf8JsonWriter w, AuditEntry e)
    {
        w.WriteStartObject();
        w.WriteString("type", "stub");
        w.WriteNumber("seq", e.Seq);
        w.WriteString("digest", Convert.ToHexStringLower(AuditEncoding.ContentDigest(e)));
        w.WriteString("hash", Convert.ToHexStringLower(e.Hash));
        w.WriteEndObject();
    }

    /// <summary>JSON lines: one value per line. Reset lets the same writer start the next top-level value.</summary>
    private static void NewLine(Utf8JsonWriter w, ArrayBufferWriter<byte> buffer)
    {
        w.Flush();
        buffer.Write("\n"u8);
        w.Reset(buffer);
    }
}
