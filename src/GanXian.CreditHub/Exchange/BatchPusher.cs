using System.Text;
using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
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

    /// <summary>Accepted as other content than was sent, for the first time: pending a resend (counted in neither of the above).</summary>
    public long OtherContent { get; set; }

    /// <summary>Accepted as other content again after the resend: quarantined (counted as rejected too).</summary>
    public long OtherContentAgain { get; set; }

    /// <summary>Past their publication end before the platform ever held them: not sent, withdrawn (期满).</summary>
    public long ExpiredUnsent { get; set; }
}

/// <summary>
/// Pushes a catalogue: first the batches a crash or a failure left without a receipt (their stored bodies, unchanged),
/// then new batches cut from the pending records, pipelined: while up to BatchesInFlight batches travel, the next
/// ones are cut and stored, and answered batches are applied together. Pipelining is safe because the records of
/// stored batches are disjoint: a record in an unanswered batch stays <c>sending</c> and is never cut again until its
/// receipt is applied, and a receipt settles a record only if its content is still what was sent.
/// </summary>
/// <remarks>
/// On PostgreSQL a large push runs in <c>Exchange:PushLanes</c> lanes, each a pipeline with its own connection that
/// takes the next pending ids from the same list. One pipeline alternates between the hub's work and PostgreSQL's
/// (one connection answers one statement at a time), so each of them idles half the time; two lanes keep both cores
/// busy. The lanes' records and batches are disjoint, so they never wait for each other's rows; their log entries
/// queue on the chain's head row only for the last statement of each transaction. A failure in one lane stops every
/// lane from sending anything new. SQLite has one writer, so it gets one lane.
/// </remarks>
internal sealed class BatchPusher(
    ExchangeSql sql, IPlatformApi api, IAuditLog audit, TimeProvider clock, IOptions<ExchangeOptions> options, IOptions<PlatformOptions> platform,
    IServiceScopeFactory scopes, ILogger<BatchPusher> log)
{
    private readonly ExchangeOptions opts = options.Value;

    public async Task<(PushOutcome Outcome, string? Error)> PushAsync(string catalog, string actor, PushCounts counts, CancellationToken ct)
    {
        var main = NewLane(sql);
        var unanswered = new Queue<string>(await UnansweredAsync(catalog, ct));
        var result = await PipelineAsync(main, catalog, actor, counts, new PushStop(), async () =>
        {
            // Resent one at a time, oldest first, exactly as stored.
            return unanswered.TryDequeue(out var id) ? [await LoadAsync(catalog, id, ct)] : [];
        }, ct);
        if (result.Outcome != PushOutcome.Completed)
        {
            return result;
        }

        counts.ExpiredUnsent += await MarkExpiredForWithdrawalAsync(catalog, actor, ct);
        var pending = await main.Cutter.PendingIdsAsync(catalog, ct);
        var perCut = opts.BatchSize * Math.Max(1, opts.BatchesPerTransaction);
        var lanes = sql.IsPostgres ? Math.Clamp((pending.Count + perCut - 1) / perCut, 1, Math.Max(1, opts.PushLanes)) : 1;
        if (lanes == 1)
        {
            return await PipelineAsync(main, catalog, actor, counts, new PushStop(), () => main.Cutter.CutAsync(catalog, actor, pending, opts.BatchesPerTransaction, ct), ct);
        }

        return await LanesAsync(main, lanes, catalog, actor, counts, pending, ct);
    }

    private async Task<(PushOutcome Outcome, string? Error)> LanesAsync(
        Lane main, int lanes, string catalog, string actor, PushCounts counts, PendingIds pending, CancellationToken ct)
    {
        var stop = new PushStop();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scopesUsed = new List<AsyncServiceScope>();
        try
        {
            var runs = new List<(PushCounts Counts, Task<(PushOutcome Outcome, string? Error)> Run)>();
            for (var i = 0; i < lanes; i++)
            {
                Lane lane;
                if (i == 0)
                {
                    lane = main;
                }
                else
                {
                    var scope = scopes.CreateAsyncScope();
                    scopesUsed.Add(scope);
                    lane = NewLane(new ExchangeSql(scope.ServiceProvider.GetRequiredService<CreditHubDbContext>()));
                }

                var laneCounts = new PushCounts();
                runs.Add((laneCounts, Task.Run(async () =>
                {
                    try
                    {
                        return await PipelineAsync(lane, catalog, actor, laneCounts, stop,
                            () => lane.Cutter.CutAsync(catalog, actor, pending, opts.BatchesPerTransaction, failed.Token), failed.Token);
                    }
                    catch
                    {
                        // A database error in one lane ends the others at their next statement.
                        await failed.CancelAsync();
                        throw;
                    }
                }, CancellationToken.None)));
            }

            try
            {
                await Task.WhenAll(runs.Select(r => r.Run));
            }
            catch when (!ct.IsCancellationRequested)
            {
                // The lane that failed first cancelled the others: report its error, not their cancellation.
                var cause = runs.Select(r => r.Run.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
                if (cause is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }

            (PushOutcome Outcome, string? Error) result = (PushOutcome.Completed, null);
            foreach (var (laneCounts, run) in runs)
            {
                counts.Sent += laneCounts.Sent;
                counts.Accepted += laneCounts.Accepted;
                counts.Rejected += laneCounts.Rejected;
                counts.Batches += laneCounts.Batches;
                counts.OtherContent += laneCounts.OtherContent;
                counts.OtherContentAgain += laneCounts.OtherContentAgain;
                if (run.Result.Outcome > result.Outcome)
                {
                    result = run.Result;
                }
            }

            return result;
        }
        finally
        {
            foreach (var scope in scopesUsed)
            {
                await scope.DisposeAsync();
            }
        }
    }

    /// <summary>One pipeline's own connection (through its context) and the cutter and applier that use it.</summary>
    private sealed record Lane(ExchangeSql Sql, BatchCutter Cutter, ReceiptApplier Applier);

    /// <summary>Set by the first lane that fails, so that no lane sends anything new after it.</summary>
    private sealed class PushStop
    {
        private volatile bool stopped;

        public bool Stopped => stopped;

        public void Stop() => stopped = true;
    }

    private Lane NewLane(ExchangeSql laneSql) =>
        new(laneSql, new BatchCutter(laneSql, audit, clock, options, platform), new ReceiptApplier(laneSql, audit, clock));

    private async Task<(PushOutcome Outcome, string? Error)> PipelineAsync(
        Lane lane, string catalog, string actor, PushCounts counts, PushStop stop, Func<Task<List<StoredBatch>>> next, CancellationToken ct)
    {
        var ready = new Queue<StoredBatch>();
        var inFlight = new Queue<(StoredBatch Batch, Task<BatchReceipt> Receipt)>();
        var more = true;
        (PushOutcome Outcome, string? Error) result = (PushOutcome.Completed, null);
        try
        {
            while (true)
            {
                // After a failure (here or in another lane) nothing new is sent; what is in flight is still awaited
                // and applied. Batches already stored stay unanswered and are resent first by the next run.
                while (result.Outcome == PushOutcome.Completed && !stop.Stopped && inFlight.Count < opts.BatchesInFlight)
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
                    var send = api.SubmitBatchBodyAsync(catalog, new MemoryStream(batch.Body, writable: false), ct);
                    // A failed send stops every lane at once, not only when this lane gets round to its answer.
                    _ = send.ContinueWith(_ => stop.Stop(), CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    inFlight.Enqueue((batch, send));
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
                    var failure = await AwaitReceiptAsync(lane, catalog, batch, task, actor, ct);
                    if (failure is null)
                    {
                        answered.Add((batch, task.Result));
                    }
                    else
                    {
                        stop.Stop();
                        if (result.Outcome == PushOutcome.Completed || failure.Value.Outcome > result.Outcome)
                        {
                            result = failure.Value;
                        }
                    }
                }
                while (inFlight.TryPeek(out var nextInFlight) && nextInFlight.Receipt.IsCompleted);

                if (answered.Count > 0)
                {
                    await lane.Applier.ApplyAsync(catalog, answered, actor, counts, ct);
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
    private async Task<(PushOutcome Outcome, string? Error)?> AwaitReceiptAsync(Lane lane, string catalog, StoredBatch batch, Task<BatchReceipt> task, string actor, CancellationToken ct)
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
            await RecordAttemptAsync(lane.Sql, batch.Id, error, ct);
            log.LogWarning("批次 {BatchId}（{Catalog}）发送失败（{Kind}）：{Error}", batch.Id, catalog, kind, error);
            if (ex is PlatformApiException { IsAuthenticationFailure: true })
            {
                // A refused signature says nothing about the batch, only about the key, the secret or the clock: the
                // batch stays stored, to be resent with the same id once that is put right. Failed, its records would
                // go out in a new batch, and a batch the platform stored before a lost answer would never be receipted.
                return (PushOutcome.Refused, $"平台拒绝了签名（{error}）：请核对 Platform:AppKey、Platform:AppSecret 与服务器时钟；批次 {batch.Id} 已保留，下次运行原样重发");
            }

            if (kind == PlatformFailureKind.Permanent)
            {
                await lane.Applier.FailBatchAsync(catalog, batch.Id, actor, error, ct);
                return (PushOutcome.Refused, $"平台拒绝批次 {batch.Id}：{error}");
            }

            return (kind == PlatformFailureKind.CircuitOpen ? PushOutcome.CircuitOpen : PushOutcome.Interrupted, error);
        }

        if (ReceiptMismatch(batch, receipt) is { } mismatch)
        {
            // Nothing of such an answer can be applied: it is not one result per record of this batch, in order, each
            // accepted or rejected. Left stored, the batch would be resent first by every run and get the same answer
            // back (the platform repeats a batch's receipt), blocking the catalogue for good, with no log entry; and an
            // unknown status read as a rejection would tell officers and the log that a record the platform may hold
            // was refused. So the batch fails like a refused one: logged, its records pending for a new batch, which
            // only repeats upserts by recordId (the platform replaces, it does not duplicate).
            var error = PersonalIdRedactor.Mask($"平台回执与批次 {batch.Id} 不符：{mismatch}");
            await RecordAttemptAsync(lane.Sql, batch.Id, error, ct);
            log.LogWarning("批次 {BatchId}（{Catalog}）的回执不可用：{Error}", batch.Id, catalog, error);
            await lane.Applier.FailBatchAsync(catalog, batch.Id, actor, error, ct);
            return (PushOutcome.Refused, $"{error}；该批次已作废，其记录待下次以新批次重发");
        }

        return null;
    }

    /// <summary>Why a 200 answer is not this batch's receipt (PLATFORM-API.md §4), in Chinese; null when it is.</summary>
    internal static string? ReceiptMismatch(StoredBatch batch, BatchReceipt? receipt)
    {
        if (receipt?.Results is not { } results)
        {
            return "应答中没有逐条结果（results）";
        }

        if (!string.Equals(receipt.BatchId, batch.Id, StringComparison.OrdinalIgnoreCase))
        {
            return $"回执的批次号为 {receipt.BatchId ?? "（空）"}";
        }

        var sent = batch.Sent.Select(s => s.RecordId).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in results)
        {
            if (x?.RecordId is not { } id)
            {
                return "回执中有结果缺少 recordId";
            }

            if (!sent.Contains(id))
            {
                return $"回执列出了不在本批次中的记录 {id}";
            }

            if (!seen.Add(id))
            {
                return $"回执中记录 {id} 出现了不止一次";
            }
        }

        if (batch.Sent.FirstOrDefault(s => !seen.Contains(s.RecordId)) is { } missing)
        {
            return $"回执缺少记录 {missing.RecordId} 的结果（回执 {results.Count} 条，批次 {batch.Sent.Count} 条）";
        }

        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].RecordId != batch.Sent[i].RecordId)
            {
                return $"回执第 {i + 1} 条结果为记录 {results[i].RecordId}，与批次顺序不符（应为 {batch.Sent[i].RecordId}）";
            }

            if (results[i].Status is not (ReceiptResult.Accepted or ReceiptResult.Rejected))
            {
                return $"记录 {results[i].RecordId} 的状态“{results[i].Status}”无法识别（应为 accepted 或 rejected）";
            }
        }

        return null;
    }

    private static Task RecordAttemptAsync(ExchangeSql laneSql, string batchId, string error, CancellationToken ct) =>
        laneSql.ExecuteAsync("UPDATE exchange_batches SET attempts = attempts + 1, last_error = @e WHERE id = @b", ct, ("@e", error), ("@b", batchId));

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

    /// <summary>
    /// Records whose publication period has ended are withdrawn from the platform. One the platform holds a version of
    /// (accepted, or a newer version pending or rejected) is withdrawn; one it never held (imported already past its
    /// end, as an export of a whole history has them, or past it before it was first sent) is not sent at all and ends
    /// <c>withdrawn</c> for the reason 期满: it used to be published by this push and withdrawn by the next one, so
    /// stale information stood on the platform for a day. Returns how many were not sent.
    /// </summary>
    private async Task<long> MarkExpiredForWithdrawalAsync(string catalog, string actor, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        var today = clock.Today();
        var events = new List<LogEvent>();
        const string expired = "catalog = @c AND op = 'upsert' AND publish_until IS NOT NULL AND publish_until < @d";
        (string Sql, string State, string Kind, string Detail)[] steps =
        [
            ("UPDATE exchange_records SET op = 'withdraw', withdraw_reason = @why, state = 'pending', updated_at = @t " +
             $"WHERE {expired} AND (state = 'accepted' OR (state IN ('pending', 'rejected') AND accepted_hash IS NOT NULL)) RETURNING record_id, entity_key",
             RecordStates.Pending, "record.expired", "公示期满，待撤回"),
            ("UPDATE exchange_records SET op = 'withdraw', withdraw_reason = @why, state = 'withdrawn', updated_at = @t " +
             $"WHERE {expired} AND state = 'pending' AND accepted_hash IS NULL RETURNING record_id, entity_key",
             RecordStates.Withdrawn, "record.expired-unsent", "发送前公示期已满，平台未曾公示，不再发送"),
        ];
        long unsent = 0;
        foreach (var step in steps)
        {
            await using var cmd = sql.Command(step.Sql,
                ("@c", catalog), ("@t", sql.Time(clock.GetUtcNow())), ("@d", sql.Date(today)), ("@why", WithdrawReasons.Expired));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                events.Add(new LogEvent
                {
                    Chain = LogChain.Exchange, Kind = step.Kind, Actor = actor, Catalog = catalog, RecordId = r.GetString(0),
                    EntityKey = ExchangeSql.Text(r, 1), State = step.State, Detail = step.Detail,
                });
                unsent += step.State == RecordStates.Withdrawn ? 1 : 0;
            }
        }

        if (events.Count > 0)
        {
            await audit.AppendAsync(sql.Db, events, ct);
        }

        await tx.CommitAsync(ct);
        return unsent;
    }
}
