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
/// Pushes a catalogue: first the batches a crash or a failure left without a receipt (their stored bodies, unchanged),
/// then new batches cut from the pending records, pipelined: while up to BatchesInFlight batches travel, the next
/// ones are cut and stored, and answered batches are applied together. Pipelining is safe because the records of
/// stored batches are disjoint: a record in an unanswered batch stays <c>sending</c> and is never cut again until its
/// receipt is applied, and a receipt settles a record only if its content is still what was sent.
/// </summary>
internal sealed class BatchPusher(
    ExchangeSql sql, IPlatformApi api, IAuditLog audit, TimeProvider clock, IOptions<ExchangeOptions> options, IOptions<PlatformOptions> platform, ILogger<BatchPusher> log)
{
    private readonly ExchangeOptions opts = options.Value;
    private readonly BatchCutter cutter = new(sql, audit, clock, options, platform);
    private readonly ReceiptApplier applier = new(sql, audit, clock);

    public async Task<(PushOutcome Outcome, string? Error)> PushAsync(string catalog, string actor, PushCounts counts, CancellationToken ct)
    {
        var unanswered = new Queue<string>(await UnansweredAsync(catalog, ct));
        var result = await PipelineAsync(catalog, actor, counts, async () =>
        {
            // Resent one at a time, oldest first, exactly as stored.
            return unanswered.TryDequeue(out var id) ? [await LoadAsync(catalog, id, ct)] : [];
        }, ct);
        if (result.Outcome != PushOutcome.Completed)
        {
            return result;
        }

        await MarkExpiredForWithdrawalAsync(catalog, actor, ct);
        var pending = await cutter.PendingIdsAsync(catalog, ct);
        return await PipelineAsync(catalog, actor, counts, () => cutter.CutAsync(catalog, actor, pending, opts.BatchesPerTransaction, ct), ct);
    }

    private async Task<(PushOutcome Outcome, string? Error)> PipelineAsync(
        string catalog, string actor, PushCounts counts, Func<Task<List<StoredBatch>>> next, CancellationToken ct)
    {
        var ready = new Queue<StoredBatch>();
        var inFlight = new Queue<(StoredBatch Batch, Task<BatchReceipt> Receipt)>();
        var more = true;
        (PushOutcome Outcome, string? Error) result = (PushOutcome.Completed, null);
        try
        {
            while (true)
            {
                // After a failure nothing new is sent; what is in flight is still awaited and applied.
                while (result.Outcome == PushOutcome.Completed && inFlight.Count < opts.BatchesInFlight)
                {
                    if (ready.Count == 0 && more)
                    {
                        var cut = await next();
                        more = cut.Count > 0;
                        cut.ForEach(ready.Enqueue);
                    }

                    if (!ready.TryDequeue(out var batch))
                    {
                        break;
                    }

                    counts.Sent += batch.Sent.Count;
                    counts.Batches++;
                    inFlight.Enqueue((batch, api.SubmitBatchBodyAsync(catalog, new MemoryStream(batch.Body, writable: false), ct)));
                }

                if (inFlight.Count == 0)
                {
                    return result;
                }

                // The oldest answer, and every later one that has already arrived, are applied in one transaction.
                var answered = new List<(StoredBatch, BatchReceipt)>();
                do
                {
                    var (batch, task) = inFlight.Dequeue();
                    var failure = await AwaitReceiptAsync(catalog, batch, task, actor, ct);
                    if (failure is null)
                    {
                        answered.Add((batch, task.Result));
                    }
                    else if (result.Outcome == PushOutcome.Completed || failure.Value.Outcome > result.Outcome)
                    {
                        result = failure.Value;
                    }
                }
                while (inFlight.TryPeek(out var nextInFlight) && nextInFlight.Receipt.IsCompleted);

                if (answered.Count > 0)
                {
                    await applier.ApplyAsync(catalog, answered, actor, counts, ct);
                }
            }
        }
        finally
        {
            // Only on cancellation or a database error can sends still be in flight here: observe them.
            foreach (var (_, task) in inFlight)
            {
                _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Null when the receipt is usable; otherwise records the failure on the batch and says how the push ends.</summary>
    private async Task<(PushOutcome Outcome, string? Error)?> AwaitReceiptAsync(string catalog, StoredBatch batch, Task<BatchReceipt> task, string actor, CancellationToken ct)
    {
        BatchReceipt receipt;
        try
        {
            receipt = await task;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var kind = PlatformFailure.Classify(ex);
            var error = PlatformFailure.Describe(ex);
            await RecordAttemptAsync(batch.Id, error, ct);
            log.LogWarning("批次 {BatchId}（{Catalog}）发送失败（{Kind}）：{Error}", batch.Id, catalog, kind, error);
            if (kind == PlatformFailureKind.Permanent)
            {
                await applier.FailBatchAsync(catalog, batch.Id, actor, error, ct);
                return (PushOutcome.Refused, $"平台拒绝批次 {batch.Id}：{error}");
            }

            return (kind == PlatformFailureKind.CircuitOpen ? PushOutcome.CircuitOpen : PushOutcome.Interrupted, error);
        }

        if (receipt.Results.Count != batch.Sent.Count || receipt.Results.Where((x, i) => x.RecordId != batch.Sent[i].RecordId).Any())
        {
            var error = $"回执与批次 {batch.Id} 的记录不一致（{receipt.Results.Count} / {batch.Sent.Count}）";
            await RecordAttemptAsync(batch.Id, error, ct);
            return (PushOutcome.Refused, error);
        }

        return null;
    }

    private Task RecordAttemptAsync(string batchId, string error, CancellationToken ct) =>
        sql.ExecuteAsync("UPDATE exchange_batches SET attempts = attempts + 1, last_error = @e WHERE id = @b", ct, ("@e", error), ("@b", batchId));

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

    /// <summary>A stored batch read back for a resend: the exact body, and the sent records parsed from it.</summary>
    private async Task<StoredBatch> LoadAsync(string catalog, string batchId, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(await sql.ScalarAsync<string>("SELECT body FROM exchange_batches WHERE id = @b", ct, ("@b", batchId)));
        using var doc = JsonDocument.Parse(body);
        var sent = new List<SentRecord>();
        // Resends are rare (after a crash or a lost answer): one indexed lookup per record for its row id is fine here.
        await using var find = sql.Command("SELECT id FROM exchange_records WHERE catalog = @c AND record_id = @r", ("@c", catalog), ("@r", ""));
        foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
        {
            var recordId = r.GetProperty("recordId").GetString()!;
            find.Parameters[1].Value = recordId;
            var id = await find.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var data = r.TryGetProperty("data", out var d) ? d.GetRawText() : null;
            sent.Add(new SentRecord(
                id,
                recordId,
                r.GetProperty("op").GetString()!,
                data is null ? null : ExchangeJson.Hash(data),
                data is null ? null : ExchangeJson.EntityKey(System.Text.Json.Nodes.JsonNode.Parse(data)!.AsObject())));
        }

        return new StoredBatch(batchId, body, sent);
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
}
