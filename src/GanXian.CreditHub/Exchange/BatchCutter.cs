using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Exchange;

/// <summary>One record as it went into a batch: what its receipt is checked and logged against. <paramref name="Id"/> is
/// the record's row, so that the receipt settles it through the primary key.</summary>
internal sealed record SentRecord(long Id, string RecordId, string Op, string? Hash, string? EntityKey);

/// <summary>A batch as stored before its first attempt: the exact body and the records it carries, in order.</summary>
internal sealed record StoredBatch(string Id, byte[] Body, IReadOnlyList<SentRecord> Sent);

/// <summary>The ids of one push's pending records, handed out in order to the lanes that cut them (thread-safe).</summary>
internal sealed class PendingIds(List<long> ids)
{
    private readonly Lock gate = new();
    private int next;

    public int Count => ids.Count;

    public long[] Take(int max)
    {
        lock (gate)
        {
            var n = Math.Min(max, ids.Count - next);
            var taken = ids.GetRange(next, n).ToArray();
            next += n;
            return taken;
        }
    }
}

/// <summary>
/// Cuts pending records into batches: in one transaction it takes the next pending records (in id order, from the ids
/// read at the start of the push), packs them into batches of at most BatchSize records and MaxBatchBytes, stores each batch
/// (id and exact body), marks its records <c>sending</c> and logs <c>batch.stored</c> with the body's hash.
/// </summary>
/// <remarks>
/// The log has one entry per stored batch, not one per record: the entry's payload hash is the SHA-256 of the stored
/// body, which lists every recordId, operation and content, so the chain fixes what was sent without a row per record
/// (docs/audit-log.md). Batch ids are UUIDv7 so that every index on a batch id grows at its right edge.
/// </remarks>
internal sealed class BatchCutter(ExchangeSql sql, IAuditLog audit, TimeProvider clock, IOptions<ExchangeOptions> options, IOptions<PlatformOptions> platform)
{
    private const int RecordOverhead = 64; // {"recordId":"","op":"","data":} and separators, generously

    private readonly ExchangeOptions opts = options.Value;

    /// <summary>
    /// The ids of the catalogue's pending records, in id order: read once per push (8 bytes per record), so that each
    /// cut fetches its records by primary key. A query for "the next pending records after id n" was planned as a
    /// scan of the whole table per cut whenever the statistics were stale (right after an import).
    /// </summary>
    public async Task<PendingIds> PendingIdsAsync(string catalog, CancellationToken ct)
    {
        await sql.OpenAsync(ct);
        var ids = new List<long>();
        await using (var cmd = sql.Command("SELECT id FROM exchange_records WHERE catalog = @c AND state = 'pending'", ("@c", catalog)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        ids.Sort();
        return new PendingIds(ids);
    }

    /// <summary>Cuts up to <paramref name="maxBatches"/> batches from the next ids of <paramref name="pending"/> that are still pending.</summary>
    public async Task<List<StoredBatch>> CutAsync(string catalog, string actor, PendingIds pending, int maxBatches, CancellationToken ct)
    {
        List<PendingRow> rows = [];
        await using var tx = await sql.BeginAsync(ct);
        while (rows.Count == 0 && pending.Take(maxBatches * opts.BatchSize) is { Length: > 0 } take)
        {
            rows = await PendingAsync(catalog, take, ct);
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var batches = new List<StoredBatch>();
        var members = new List<(long Id, string BatchId)>(rows.Count);
        var envelope = 128 + Encoding.UTF8.GetByteCount(platform.Value.SourceUnitUscc);
        var start = 0;
        while (start < rows.Count)
        {
            // Greedy packing: up to BatchSize records while the body stays under MaxBatchBytes (always at least one).
            var end = start;
            long bytes = envelope;
            while (end < rows.Count && end - start < opts.BatchSize)
            {
                var size = rows[end].Size;
                if (end > start && bytes + size > opts.MaxBatchBytes)
                {
                    break;
                }

                bytes += size;
                end++;
            }

            var batch = Build(rows, start, end);
            batches.Add(batch);
            for (var i = start; i < end; i++)
            {
                members.Add((rows[i].Id, batch.Id));
            }

            start = end;
        }

        var now = sql.Time(clock.GetUtcNow());
        var events = new List<LogEvent>(batches.Count);
        foreach (var b in batches)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(b.Body));
            await sql.ExecuteAsync(
                "INSERT INTO exchange_batches (id, catalog, body, body_hash, record_count, state, attempts, created_at) VALUES (@b, @c, @body, @h, @n, 'stored', 0, @t)",
                ct, ("@b", b.Id), ("@c", catalog), ("@body", Encoding.UTF8.GetString(b.Body)), ("@h", hash), ("@n", b.Sent.Count), ("@t", now));
            events.Add(new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "batch.stored", Actor = actor, Catalog = catalog, BatchId = b.Id, State = BatchStates.Stored,
                PayloadHash = hash, Detail = $"{b.Sent.Count} 条记录",
            });
        }

        await MarkSendingAsync(members, ct);
        await audit.AppendAsync(sql.Db, events, ct);
        await tx.CommitAsync(ct);
        return batches;
    }

    private sealed record PendingRow(long Id, string RecordId, string Data, string Op, string ContentHash, string? EntityKey, string? WithdrawReason, int Size);

    private async Task<List<PendingRow>> PendingAsync(string catalog, long[] ids, CancellationToken ct)
    {
        // Still pending: a record may have changed state since the ids were read (e.g. withdrawn by an officer).
        var rows = new List<PendingRow>(ids.Length);
        await using var cmd = sql.IsPostgres
            ? sql.Command("SELECT id, record_id, data, op, content_hash, entity_key, withdraw_reason FROM exchange_records WHERE id = ANY(@ids) AND catalog = @c AND state = 'pending' ORDER BY id",
                ("@ids", ids), ("@c", catalog))
            : sql.Command($"SELECT id, record_id, data, op, content_hash, entity_key, withdraw_reason FROM exchange_records WHERE id IN ({string.Join(',', ids)}) AND catalog = @c AND state = 'pending' ORDER BY id",
                ("@c", catalog));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var recordId = r.GetString(1);
            var data = r.GetString(2);
            var op = r.GetString(3);
            var size = RecordOverhead + recordId.Length + (op == BatchRecord.Withdraw ? 64 : Encoding.UTF8.GetByteCount(data));
            rows.Add(new PendingRow(r.GetInt64(0), recordId, data, op, r.GetString(4), ExchangeSql.Text(r, 5), ExchangeSql.Text(r, 6), size));
        }

        return rows;
    }

    private StoredBatch Build(List<PendingRow> rows, int start, int end)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow()).ToString();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var sent = new List<SentRecord>(end - start);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ExchangeJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("batchId", id);
            writer.WriteString("sourceUnitUscc", platform.Value.SourceUnitUscc);
            writer.WriteStartArray("records");
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                writer.WriteStartObject();
                writer.WriteString("recordId", row.RecordId);
                writer.WriteString("op", row.Op);
                if (row.Op == BatchRecord.Withdraw)
                {
                    writer.WriteString("reason", row.WithdrawReason ?? WithdrawReasons.Expired);
                    sent.Add(new SentRecord(row.Id, row.RecordId, row.Op, null, row.EntityKey));
                }
                else
                {
                    // The stored data is canonical JSON and content_hash is its SHA-256: the hash of what is sent.
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(row.Data, skipInputValidation: true);
                    sent.Add(new SentRecord(row.Id, row.RecordId, row.Op, row.ContentHash, row.EntityKey));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new StoredBatch(id, buffer.WrittenSpan.ToArray(), sent);
    }

    private async Task MarkSendingAsync(List<(long Id, string BatchId)> members, CancellationToken ct)
    {
        if (sql.IsPostgres)
        {
            await sql.ExecuteAsync(
                "UPDATE exchange_records SET state = 'sending', batch_id = v.b FROM unnest(@ids, @bids) AS v(id, b) WHERE exchange_records.id = v.id",
                ct, ("@ids", members.Select(m => m.Id).ToArray()), ("@bids", members.Select(m => m.BatchId).ToArray()));
            return;
        }

        foreach (var group in members.GroupBy(m => m.BatchId))
        {
            await sql.ExecuteAsync(
                $"UPDATE exchange_records SET state = 'sending', batch_id = @b WHERE id IN ({string.Join(',', group.Select(m => m.Id))})", ct, ("@b", group.Key));
        }
    }
}
