using System.Text;
using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace GanXian.CreditHub.Exchange;

public enum PushOutcome
{
    Completed,

    /// <summary>A transient failure: what was not receipted stays pending for the next run.</summary>
    Interrupted,

    CircuitOpen,

    /// <summary>The platform refused a batch as a whole: a bug on the hub's side or a credential problem.</summary>
    Refused,
}

/// <summary>Per-catalogue counts of one push.</summary>
public sealed class PushCounts
{
    public long Sent { get; set; }
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public int Batches { get; set; }
}

/// <summary>
/// Cuts pending records into batches, stores each batch (id and exact body) before sending it, sends, and applies the
/// receipt per record. Batches left without a receipt by a crash or a failure are resent first, unchanged, and no new
/// batch of a catalogue is cut while an older one is unanswered (so an old body can never overwrite newer content).
/// </summary>
internal sealed class BatchPusher(
    ExchangeSql sql, IPlatformApi api, IAuditLog audit, TimeProvider clock, IOptions<ExchangeOptions> options, IOptions<PlatformOptions> platform, ILogger<BatchPusher> log)
{
    private readonly ExchangeOptions opts = options.Value;

    public async Task<(PushOutcome Outcome, string? Error)> PushAsync(string catalog, string actor, PushCounts counts, CancellationToken ct)
    {
        foreach (var batchId in await UnansweredAsync(catalog, ct))
        {
            var (outcome, error) = await SendAsync(catalog, batchId, actor, counts, ct);
            if (outcome != PushOutcome.Completed)
            {
                return (outcome, error);
            }
        }

        await MarkExpiredForWithdrawalAsync(catalog, actor, ct);
        while (await CutBatchAsync(catalog, actor, ct) is { } batchId)
        {
            var (outcome, error) = await SendAsync(catalog, batchId, actor, counts, ct);
            if (outcome != PushOutcome.Completed)
            {
                return (outcome, error);
            }
        }

        return (PushOutcome.Completed, null);
    }

    private async Task<List<string>> UnansweredAsync(string catalog, CancellationToken ct)
    {
        await sql.OpenAsync(ct);
        var ids = new List<string>();
        await using var cmd = sql.Command("SELECT id FROM exchange_batches WHERE catalog = @c AND state = 'stored' ORDER BY created_at, id", ("@c", catalog));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    /// <summary>Records whose publication period has ended are withdrawn from the platform (DOMAIN.md §9).</summary>
    private async Task MarkExpiredForWithdrawalAsync(string catalog, string actor, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        var today = clock.Today();
        var events = new List<LogEvent>();
        await using (var cmd = sql.Command(
                         "UPDATE exchange_records SET op = 'withdraw', state = 'pending', updated_at = @t " +
                         "WHERE catalog = @c AND state = 'accepted' AND op = 'upsert' AND publish_until IS NOT NULL AND publish_until < @d " +
                         "RETURNING record_id, entity_key",
                         ("@c", catalog), ("@t", sql.Time(clock.GetUtcNow())), ("@d", sql.Date(today))))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                events.Add(new LogEvent
                {
                    Chain = LogChain.Exchange, Kind = "record.expired", Actor = actor, Catalog = catalog, RecordId = r.GetString(0),
                    EntityKey = ExchangeSql.Text(r, 1), State = RecordStates.Pending, Detail = "公示期满，待撤回",
                });
            }
        }

        if (events.Count > 0)
        {
            await audit.AppendAsync(sql.Db, events, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Takes up to BatchSize pending records (under MaxBatchBytes), stores the batch and marks them sending, in one transaction.</summary>
    private async Task<string?> CutBatchAsync(string catalog, string actor, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        var batchId = Guid.NewGuid().ToString();
        using var buffer = new MemoryStream();
        var ids = new List<long>();
        var events = new List<LogEvent>();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ExchangeJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("batchId", batchId);
            writer.WriteString("sourceUnitUscc", platform.Value.SourceUnitUscc);
            writer.WriteStartArray("records");
            await using (var cmd = sql.Command(
                             $"SELECT id, record_id, data, op, content_hash, entity_key FROM exchange_records WHERE catalog = @c AND state = 'pending' ORDER BY id LIMIT {opts.BatchSize}",
                             ("@c", catalog)))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var recordId = r.GetString(1);
                    var op = r.GetString(3);
                    var data = r.GetString(2);
                    await writer.FlushAsync(ct);
                    if (ids.Count > 0 && buffer.Length + data.Length * 3L + 256 > opts.MaxBatchBytes)
                    {
                        break;
                    }

                    ids.Add(r.GetInt64(0));
                    writer.WriteStartObject();
                    writer.WriteString("recordId", recordId);
                    writer.WriteString("op", op);
                    if (op == BatchRecord.Withdraw)
                    {
                        writer.WriteString("reason", "期满");
                    }
                    else
                    {
                        writer.WritePropertyName("data");
                        writer.WriteRawValue(data, skipInputValidation: true);
                    }

                    writer.WriteEndObject();
                    events.Add(new LogEvent
                    {
                        Chain = LogChain.Exchange, Kind = "record.sending", Actor = actor, Catalog = catalog, RecordId = recordId, BatchId = batchId,
                        EntityKey = ExchangeSql.Text(r, 5), State = RecordStates.Sending, PayloadHash = op == BatchRecord.Withdraw ? null : r.GetString(4),
                        Detail = op,
                    });
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (ids.Count == 0)
        {
            return null;
        }

        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var bodyHash = ExchangeJson.Hash(body);
        await sql.ExecuteAsync(
            "INSERT INTO exchange_batches (id, catalog, body, body_hash, record_count, state, attempts, created_at) VALUES (@b, @c, @body, @h, @n, 'stored', 0, @t)",
            ct, ("@b", batchId), ("@c", catalog), ("@body", body), ("@h", bodyHash), ("@n", ids.Count), ("@t", sql.Time(clock.GetUtcNow())));
        await sql.ExecuteAsync(
            $"UPDATE exchange_records SET state = 'sending', batch_id = @b WHERE id IN ({string.Join(',', ids)})", ct, ("@b", batchId));
        events.Insert(0, new LogEvent
        {
            Chain = LogChain.Exchange, Kind = "batch.stored", Actor = actor, Catalog = catalog, BatchId = batchId, State = BatchStates.Stored,
            PayloadHash = bodyHash, Detail = $"{ids.Count} 条记录",
        });
        await audit.AppendAsync(sql.Db, events, ct);
        await tx.CommitAsync(ct);
        return batchId;
    }

    private async Task<(PushOutcome, string?)> SendAsync(string catalog, string batchId, string actor, PushCounts counts, CancellationToken ct)
    {
        var body = await sql.ScalarAsync<string>("SELECT body FROM exchange_batches WHERE id = @b", ct, ("@b", batchId));
        var sent = SentRecords(body);

        // Every attempt, first or after a crash, sends the stored body: same batchId, same content.
        var request = JsonSerializer.Deserialize<BatchRequest>(body, ExchangeJson.Options)!;
        counts.Sent += sent.Count;
        counts.Batches++;
        BatchReceipt receipt;
        try
        {
            receipt = await api.SubmitBatchAsync(catalog, request, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var kind = PlatformFailure.Classify(ex);
            var error = PlatformFailure.Describe(ex);
            await sql.ExecuteAsync("UPDATE exchange_batches SET attempts = attempts + 1, last_error = @e WHERE id = @b", ct, ("@e", error), ("@b", batchId));
            log.LogWarning("批次 {BatchId}（{Catalog}）发送失败（{Kind}）：{Error}", batchId, catalog, kind, error);
            if (kind == PlatformFailureKind.Permanent)
            {
                await FailBatchAsync(catalog, batchId, actor, error, ct);
                return (PushOutcome.Refused, $"平台拒绝批次 {batchId}：{error}");
            }

            return (kind == PlatformFailureKind.CircuitOpen ? PushOutcome.CircuitOpen : PushOutcome.Interrupted, error);
        }

        if (receipt.Results.Count != sent.Count || receipt.Results.Where((x, i) => x.RecordId != sent[i].RecordId).Any())
        {
            var error = $"回执与批次 {batchId} 的记录不一致（{receipt.Results.Count} / {sent.Count}）";
            await sql.ExecuteAsync("UPDATE exchange_batches SET attempts = attempts + 1, last_error = @e WHERE id = @b", ct, ("@e", error), ("@b", batchId));
            return (PushOutcome.Refused, error);
        }

        await ApplyReceiptAsync(catalog, batchId, receipt, sent, actor, counts, ct);
        return (PushOutcome.Completed, null);
    }

    private async Task ApplyReceiptAsync(string catalog, string batchId, BatchReceipt receipt, List<SentRecord> sent, string actor, PushCounts counts, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        var now = sql.Time(clock.GetUtcNow());
        var first = await sql.ExecuteAsync(
            "UPDATE exchange_batches SET state = 'receipted', attempts = attempts + 1, last_error = NULL, receipted_at = @t, receipt = @r WHERE id = @b AND state = 'stored'",
            ct, ("@t", now), ("@r", JsonSerializer.Serialize(receipt, ExchangeJson.Options)), ("@b", batchId));
        if (first == 0)
        {
            return; // already applied (the batch was answered twice)
        }

        await InsertReceiptsAsync(catalog, batchId, receipt, sent, ct);
        (string, object?)[] p = [("@c", catalog), ("@b", batchId), ("@t", now)];
        await sql.ExecuteAsync(
            "UPDATE exchange_quarantine SET status = 'superseded', resolved_at = @t " +
            "WHERE status = 'open' AND kind IN ('platform', 'feedback') AND catalog = @c AND record_id IN (SELECT record_id FROM exchange_receipts WHERE batch_id = @b)", ct, p);
        await sql.ExecuteAsync(
            "INSERT INTO exchange_quarantine (kind, catalog, record_id, file_id, file_name, source_row, field, rule, message, issues, data, content_hash, status, created_at, batch_id) " +
            "SELECT 'platform', @c, x.record_id, r.source_file_id, f.file_name, r.source_row, x.error_field, COALESCE(x.error_code, 'REJECTED'), " +
            "  '平台拒收：' || COALESCE(x.error_message, '未说明原因'), COALESCE(x.errors, '[]'), r.data, r.content_hash, 'open', @t, @b " +
            "FROM exchange_receipts x JOIN exchange_records r ON r.catalog = @c AND r.record_id = x.record_id AND r.batch_id = @b " +
            "LEFT JOIN exchange_files f ON f.id = r.source_file_id " +
            "WHERE x.batch_id = @b AND x.status = 'rejected' AND (r.content_hash = x.sent_hash OR (x.op = 'withdraw' AND r.op = 'withdraw'))", ct, p);

        // A receipt settles a record only if its content is still what was sent; otherwise the newer content stays pending.
        // On PostgreSQL the batch condition must not be indexable on exchange_records: right after an import the statistics
        // say batch_id is always NULL, so the planner drove a 500 × 500 nested loop from the batch_id index (2/3 of the push
        // time, measured with auto_explain). IS NOT DISTINCT FROM keeps the meaning (x.batch_id = @b is never NULL) and makes
        // it look every receipt's record up by the unique (catalog, record_id) index instead.
        var sameBatch = sql.IsPostgres ? "exchange_records.batch_id IS NOT DISTINCT FROM x.batch_id" : "exchange_records.batch_id = @b";
        await sql.ExecuteAsync(
            "UPDATE exchange_records SET " +
            "  accepted_hash = CASE WHEN x.status = 'accepted' AND x.content_hash IS NOT NULL THEN x.content_hash ELSE exchange_records.accepted_hash END, " +
            "  platform_id = COALESCE(x.platform_id, exchange_records.platform_id), " +
            "  state = CASE " +
            "    WHEN x.op = 'withdraw' AND exchange_records.op = 'withdraw' THEN CASE WHEN x.status = 'accepted' THEN 'withdrawn' ELSE 'rejected' END " +
            "    WHEN x.op = 'upsert' AND exchange_records.content_hash = x.sent_hash THEN CASE WHEN x.status = 'accepted' THEN 'accepted' ELSE 'rejected' END " +
            "    ELSE 'pending' END, " +
            "  batch_id = NULL, updated_at = @t " +
            "FROM exchange_receipts x " +
            $"WHERE x.batch_id = @b AND exchange_records.catalog = @c AND exchange_records.record_id = x.record_id AND {sameBatch}", ct, p);

        var events = new List<LogEvent>(receipt.Results.Count + 1)
        {
            new()
            {
                Chain = LogChain.Exchange, Kind = "batch.receipted", Actor = actor, Catalog = catalog, BatchId = batchId, State = BatchStates.Receipted,
                Detail = $"接收 {receipt.Results.Count(x => x.Status == ReceiptResult.Accepted)}，拒绝 {receipt.Results.Count(x => x.Status != ReceiptResult.Accepted)}",
            },
        };
        for (var i = 0; i < receipt.Results.Count; i++)
        {
            var x = receipt.Results[i];
            var accepted = x.Status == ReceiptResult.Accepted;
            if (accepted)
            {
                counts.Accepted++;
            }
            else
            {
                counts.Rejected++;
            }

            events.Add(new LogEvent
            {
                Chain = LogChain.Exchange, Kind = accepted ? "record.accepted" : "record.rejected", Actor = actor, Catalog = catalog,
                RecordId = x.RecordId, BatchId = batchId, EntityKey = sent[i].EntityKey,
                State = accepted ? (sent[i].Op == BatchRecord.Withdraw ? RecordStates.Withdrawn : RecordStates.Accepted) : RecordStates.Rejected,
                PayloadHash = x.ContentHash,
                Detail = accepted ? x.PlatformId : PersonalIdRedactor.Mask(string.Join("；", (x.Errors ?? []).Select(e => $"{e.Field} {e.Code} {e.Message}"))),
            });
        }

        await audit.AppendAsync(sql.Db, events, ct);
        await tx.CommitAsync(ct);
    }

    private async Task InsertReceiptsAsync(string catalog, string batchId, BatchReceipt receipt, List<SentRecord> sent, CancellationToken ct)
    {
        const string columns = "batch_id, catalog, record_id, status, op, sent_hash, platform_id, content_hash, errors, error_field, error_code, error_message";
        var rows = receipt.Results.Select((x, i) =>
        {
            var errors = x.Errors is { Count: > 0 } list ? list : null;
            var first = errors?[0];
            string?[] values =
            [
                batchId, catalog, x.RecordId, x.Status == ReceiptResult.Accepted ? ReceiptResult.Accepted : ReceiptResult.Rejected, sent[i].Op, sent[i].Hash,
                x.PlatformId, x.ContentHash,
                errors is null ? null : ExchangeJson.Issues(errors.Select(e => new RecordIssue(e.Field, null, e.Code, PersonalIdRedactor.Mask(e.Message)))),
                first?.Field, first?.Code, first is null ? null : PersonalIdRedactor.Mask(first.Message),
            ];
            return values;
        }).ToList();

        if (sql.IsPostgres)
        {
            await using var copy = await ((NpgsqlConnection)sql.Connection).BeginBinaryImportAsync($"COPY exchange_receipts ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                foreach (var v in row)
                {
                    if (v is null)
                    {
                        await copy.WriteNullAsync(ct);
                    }
                    else
                    {
                        await copy.WriteAsync(v, NpgsqlDbType.Text, ct);
                    }
                }
            }

            await copy.CompleteAsync(ct);
            return;
        }

        await using var cmd = sql.Command(
            $"INSERT INTO exchange_receipts ({columns}) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            Enumerable.Range(0, 12).Select(i => ($"${i}", (object?)null)).ToArray());
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                cmd.Parameters[i].Value = (object?)row[i] ?? DBNull.Value;
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The platform refused the batch as such: it will never be resent; its records go back to pending for a new batch.</summary>
    private async Task FailBatchAsync(string catalog, string batchId, string actor, string error, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        await sql.ExecuteAsync("UPDATE exchange_batches SET state = 'failed' WHERE id = @b AND state = 'stored'", ct, ("@b", batchId));
        await sql.ExecuteAsync("UPDATE exchange_records SET state = 'pending', batch_id = NULL WHERE batch_id = @b", ct, ("@b", batchId));
        await audit.AppendAsync(sql.Db,
        [
            new LogEvent { Chain = LogChain.Exchange, Kind = "batch.failed", Actor = actor, Catalog = catalog, BatchId = batchId, State = BatchStates.Failed, Detail = error },
        ], ct);
        await tx.CommitAsync(ct);
    }

    private sealed record SentRecord(string RecordId, string Op, string? Hash, string? EntityKey);

    private static List<SentRecord> SentRecords(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<SentRecord>();
        foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
        {
            var data = r.TryGetProperty("data", out var d) ? d.GetRawText() : null;
            list.Add(new SentRecord(
                r.GetProperty("recordId").GetString()!,
                r.GetProperty("op").GetString()!,
                data is null ? null : ExchangeJson.Hash(data),
                data is null ? null : ExchangeJson.EntityKey(System.Text.Json.Nodes.JsonNode.Parse(data)!.AsObject())));
        }

        return list;
    }
}
