using System.Buffers;
using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.AuditLog;

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

    public async Task<AuditExportResult> ExportAsync(AuditFilter filter, string publicKeyPem, string keyFingerprint, string exportedBy,
        DateTimeOffset now, Stream output, CancellationToken ct)
    {
        var matches = filter.Apply(db.Set<AuditEntry>());
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
                await foreach (var e in AuditEntryReader.ReadAsync(db.Database.GetDbConnection(), filter.Chain, start, end, ct))
                {
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

    private static void WriteHeader(Utf8JsonWriter w, AuditFilter f, long start, long end, byte[]? anchor, string publicKeyPem,
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
        w.WriteString("filter", f.Describe());
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
