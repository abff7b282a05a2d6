using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform.Contract;
using Npgsql;
using NpgsqlTypes;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Applies the receipts of one or more answered batches in one transaction: stores the receipt and a result row per
/// record it did not accept, quarantines what the platform rejected, settles each record whose content is still what
/// was sent, and logs every record's outcome. A batch answered twice (a resend after a lost answer) is applied once.
/// What each result makes of its record is decided here, once (<see cref="Outcome"/>): an acceptance whose contentHash
/// is not the hash of what was sent is not taken as published, and a withdrawal of a record the platform does not hold
/// is done.
/// </summary>
internal sealed class ReceiptApplier(ExchangeSql sql, IAuditLog audit, TimeProvider clock)
{
    public async Task ApplyAsync(string catalog, IReadOnlyList<(StoredBatch Batch, BatchReceipt Receipt)> answered, string actor, PushCounts counts, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        var now = sql.Time(clock.GetUtcNow());
        var applied = new List<(StoredBatch Batch, BatchReceipt Receipt)>(answered.Count);
        foreach (var (batch, receipt) in answered)
        {
            var first = await sql.ExecuteAsync(
                "UPDATE exchange_batches SET state = 'receipted', attempts = attempts + 1, last_error = NULL, receipted_at = @t, receipt = @r WHERE id = @b AND state = 'stored'",
                ct, ("@t", now), ("@r", JsonSerializer.Serialize(receipt, ExchangeJson.Options)), ("@b", batch.Id));
            if (first > 0)
            {
                applied.Add((batch, receipt));
            }
        }

        if (applied.Count == 0)
        {
            return;
        }

        var otherContent = applied.SelectMany(a => a.Receipt.Results.Where((x, i) => IsOtherContent(x, a.Batch.Sent[i])).Select(x => x.RecordId)).ToArray();
        HashSet<(string, string)> earlier = otherContent.Length == 0 ? [] : await EarlierOtherContentAsync(catalog, otherContent, ct);
        var settled = applied.Select(a => (a.Batch, Results: a.Receipt.Results
            .Select((x, i) => new Settlement(a.Batch.Id, x, a.Batch.Sent[i], OutcomeOf(x, a.Batch.Sent[i], earlier))).ToList())).ToList();
        var results = settled.SelectMany(b => b.Results).ToList();
        await InsertReceiptsAsync(catalog, results, ct);
        var batchParams = applied.Select((a, i) => ($"@b{i}", (object?)a.Batch.Id)).ToList();
        var inBatches = $"({string.Join(", ", batchParams.Select(p => p.Item1))})";
        (string, object?)[] p = [("@c", catalog), ("@t", now), .. batchParams];
        // Older platform and feedback items of these records are replaced by what this receipt says.
        var receiptedIds = results.Select(r => r.Result.RecordId).ToArray();
        await sql.ExecuteAsync(
            "UPDATE exchange_quarantine SET status = 'superseded', resolved_at = @t " +
            "WHERE status = 'open' AND kind IN ('platform', 'feedback') AND catalog = @c AND " + InList("record_id", "@rid"),
            ct, [.. p, ("@rid", IdList(receiptedIds))]);
        if (results.Where(r => r.Outcome is Outcome.Rejected or Outcome.OtherContentAgain).Select(r => r.Result.RecordId).ToArray() is { Length: > 0 } refused)
        {
            await QuarantineRejectedAsync(inBatches, [.. p, ("@q", IdList(refused))], ct);
        }

        // A receipt settles a record only if its content is still what was sent; otherwise the newer content stays
        // pending. The state it settles in (x.settled) is the result's outcome (OutcomeOf). On PostgreSQL the results
        // come as arrays rather than from exchange_receipts, and each finds its record by primary key (the row id the
        // cut read; batches are cut in id order, so the lookups walk the index forwards): right after an import the
        // statistics are stale, and the planner chose a scan of every record per batch (≈ 100 ms each,
        // pg_stat_statements) or a 500 × 500 nested loop from a batch_id index; a lookup through the random-keyed
        // (catalog, record_id) index cost about twice the primary key's (docs/benchmarks.md).
        // A completed withdrawal (accepted, or answered NOT_FOUND) leaves the platform publishing nothing under the
        // recordId: no accepted hash stays behind to make the record look published (to a later withdrawal, the expiry
        // sweep, an import of the same content, which would be taken as unchanged and never sent again). The platform's
        // answer to an accepted withdrawal carries the hash of the content it withdrew, which is not what it publishes.
        // Cleared whatever the record's op is now: a newer upsert that arrived while the withdrawal travelled still has
        // to be sent.
        const string settle =
            "UPDATE exchange_records SET " +
            "  accepted_hash = CASE WHEN x.settled = 'withdrawn' THEN NULL " +
            "    WHEN x.status = 'accepted' AND x.content_hash IS NOT NULL THEN x.content_hash ELSE exchange_records.accepted_hash END, " +
            "  platform_id = COALESCE(x.platform_id, exchange_records.platform_id), " +
            "  state = CASE " +
            "    WHEN x.op = 'withdraw' AND exchange_records.op = 'withdraw' THEN x.settled " +
            "    WHEN x.op = 'upsert' AND exchange_records.content_hash = x.sent_hash THEN x.settled " +
            "    ELSE 'pending' END, " +
            "  batch_id = NULL, updated_at = @t ";
        if (sql.IsPostgres)
        {
            await sql.ExecuteAsync(
                settle +
                "FROM unnest(@id, @rid, @st, @op, @sh, @pid, @ch, @bid, @ns) AS x(id, record_id, status, op, sent_hash, platform_id, content_hash, batch_id, settled) " +
                "WHERE exchange_records.id = x.id AND exchange_records.catalog = @c AND exchange_records.record_id = x.record_id AND exchange_records.batch_id = x.batch_id",
                ct, ("@c", catalog), ("@t", now),
                ("@id", results.Select(r => r.Sent.Id).ToArray()),
                ("@rid", results.Select(r => r.Result.RecordId).ToArray()),
                ("@st", results.Select(r => StoredStatus(r.Result)).ToArray()),
                ("@op", results.Select(r => r.Sent.Op).ToArray()),
                ("@sh", results.Select(r => r.Sent.Hash).ToArray()),
                ("@pid", results.Select(r => r.Result.PlatformId).ToArray()),
                ("@ch", results.Select(r => AcceptedHash(r.Result, r.Sent)).ToArray()),
                ("@bid", results.Select(r => r.BatchId).ToArray()),
                ("@ns", results.Select(r => StateOf(r.Outcome)).ToArray()));
        }
        else
        {
            // SQLite: in-process, so one prepared statement per result costs little.
            await using var cmd = sql.Command(
                settle + "FROM (SELECT @st AS status, @op AS op, @sh AS sent_hash, @pid AS platform_id, @ch AS content_hash, @ns AS settled) AS x " +
                "WHERE exchange_records.id = @id AND exchange_records.catalog = @c AND exchange_records.record_id = @rid AND exchange_records.batch_id = @bid",
                ("@c", catalog), ("@t", now), ("@st", null), ("@op", null), ("@sh", null), ("@pid", null), ("@ch", null), ("@ns", null), ("@id", 0L), ("@rid", null), ("@bid", null));
            foreach (var r in results)
            {
                var (x, sent) = (r.Result, r.Sent);
                foreach (var (name, value) in (ReadOnlySpan<(string, object?)>)[
                             ("@st", StoredStatus(x)), ("@op", sent.Op), ("@sh", sent.Hash), ("@pid", x.PlatformId), ("@ch", AcceptedHash(x, sent)),
                             ("@ns", StateOf(r.Outcome)), ("@id", sent.Id), ("@rid", x.RecordId), ("@bid", r.BatchId)])
                {
                    cmd.Parameters[name].Value = value ?? DBNull.Value;
                }

                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await audit.AppendAsync(sql.Db, Events(catalog, settled, actor, counts), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Platform rejections and acceptances of other content than was sent even after a resend (<paramref name="p"/>'s
    /// <c>@q</c>: the records of these outcomes) become quarantine items. Called only when a receipt has one: rare, so a
    /// poor plan on stale statistics costs little.
    /// </summary>
    private Task QuarantineRejectedAsync(string inBatches, (string, object?)[] p, CancellationToken ct) =>
        sql.ExecuteAsync(
            "INSERT INTO exchange_quarantine (kind, catalog, record_id, file_id, file_name, source_row, field, rule, message, issues, data, content_hash, status, created_at, batch_id) " +
            "SELECT 'platform', @c, x.record_id, r.source_file_id, f.file_name, r.source_row, x.error_field, COALESCE(x.error_code, 'REJECTED'), " +
            "  CASE WHEN x.status = 'rejected' THEN '平台拒收：' || COALESCE(x.error_message, '未说明原因') ELSE x.error_message END, " +
            "  COALESCE(x.errors, '[]'), r.data, r.content_hash, 'open', @t, x.batch_id " +
            "FROM exchange_receipts x JOIN exchange_records r ON r.catalog = @c AND r.record_id = x.record_id AND r.batch_id = x.batch_id " +
            "LEFT JOIN exchange_files f ON f.id = r.source_file_id " +
            $"WHERE x.batch_id IN {inBatches} AND {InList("x.record_id", "@q")} AND (r.content_hash = x.sent_hash OR (x.op = 'withdraw' AND r.op = 'withdraw'))", ct, p);

    private string InList(string column, string parameter) =>
        sql.IsPostgres ? $"{column} = ANY({parameter})" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    private object IdList(string[] ids) => sql.IsPostgres ? ids : JsonSerializer.Serialize(ids);

    /// <summary>The platform refused the batch as such: it will never be resent; its records go back to pending for a new batch.</summary>
    public async Task FailBatchAsync(string catalog, string batchId, string actor, string error, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        await sql.ExecuteAsync("UPDATE exchange_batches SET state = 'failed' WHERE id = @b AND state = 'stored'", ct, ("@b", batchId));
        await sql.ExecuteAsync("UPDATE exchange_records SET state = 'pending', batch_id = NULL WHERE catalog = @c AND batch_id = @b", ct, ("@c", catalog), ("@b", batchId));
        await audit.AppendAsync(sql.Db,
        [
            new LogEvent { Chain = LogChain.Exchange, Kind = "batch.failed", Actor = actor, Catalog = catalog, BatchId = batchId, State = BatchStates.Failed, Detail = error },
        ], ct);
        await tx.CommitAsync(ct);
    }

    private static bool IsAccepted(ReceiptResult x) => x.Status == ReceiptResult.Accepted;

    /// <summary>What one result makes of its record, if the record is still what was sent.</summary>
    private enum Outcome
    {
        Accepted,
        Rejected,

        /// <summary>A withdrawal the platform accepted.</summary>
        Withdrawn,

        /// <summary>
        /// A withdrawal the platform answered NOT_FOUND: it does not hold the record (a reconciliation repair or an
        /// earlier withdrawal got there first, or it lost it), so what the withdrawal was for, the record not published,
        /// is so. Rejected, the record would sit in quarantine for an officer with nothing left to do on it.
        /// </summary>
        NotHeld,

        /// <summary>
        /// An upsert accepted with a contentHash that is not the hash of what was sent. The platform hashes the
        /// canonical data (PLATFORM-API.md §4), so it holds other content than the hub sent (or it is broken): taken as
        /// accepted, the record would read as published with the hub's content while the platform shows something else:
        /// an import of the same content is unchanged, and only a reconciliation would notice (and resend it at every
        /// reconciliation while the platform answers so). It is sent once more, which mends a platform that stored an
        /// older or a garbled version.
        /// </summary>
        OtherContent,

        /// <summary>
        /// The same content answered with another hash once more, after that resend: resending again would loop on every
        /// run, so the record waits in quarantine for an officer, rejected (what reconciliation and imports leave to
        /// officers), while its accepted hash keeps what the platform holds, so that a withdrawal is still sent.
        /// </summary>
        OtherContentAgain,
    }

    /// <summary>One result of a receipt, the record it answers as sent, and what it makes of that record.</summary>
    private sealed record Settlement(string BatchId, ReceiptResult Result, SentRecord Sent, Outcome Outcome);

    private const string NotFound = "NOT_FOUND";

    /// <summary>The rule of the quarantine item and the error code of the receipt row of an acceptance of other content.</summary>
    public const string ContentHashMismatch = "CONTENT_HASH_MISMATCH";

    private static Outcome OutcomeOf(ReceiptResult x, SentRecord sent, HashSet<(string RecordId, string SentHash)> earlier) => (sent.Op, IsAccepted(x)) switch
    {
        (BatchRecord.Withdraw, true) => Outcome.Withdrawn,
        (BatchRecord.Withdraw, false) when x.Errors is { Count: > 0 } errors && errors.All(e => e?.Code == NotFound) => Outcome.NotHeld,
        (_, true) when IsOtherContent(x, sent) => earlier.Contains((x.RecordId, sent.Hash!)) ? Outcome.OtherContentAgain : Outcome.OtherContent,
        (_, true) => Outcome.Accepted,
        _ => Outcome.Rejected,
    };

    private static string StateOf(Outcome outcome) => outcome switch
    {
        Outcome.Accepted => RecordStates.Accepted,
        Outcome.Withdrawn or Outcome.NotHeld => RecordStates.Withdrawn,
        Outcome.OtherContent => RecordStates.Pending,
        _ => RecordStates.Rejected,
    };

    /// <summary>An accepted upsert whose contentHash is not the hash of what was sent (the hex in any case: the same hash is the same content).</summary>
    private static bool IsOtherContent(ReceiptResult x, SentRecord sent) =>
        IsAccepted(x) && sent.Op == BatchRecord.Upsert && x.ContentHash is { } held && sent.Hash is { } hash && !held.Equals(hash, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Which of these records had the same content accepted as other content before (a receipt row of
    /// <see cref="ContentHashMismatch"/> with the same sent hash). Only when a receipt names other content, which is
    /// rare: a scan of exchange_receipts (indexed by batch only, and holding only refusals and such acceptances) then
    /// costs little.
    /// </summary>
    private async Task<HashSet<(string RecordId, string SentHash)>> EarlierOtherContentAsync(string catalog, string[] recordIds, CancellationToken ct)
    {
        var earlier = new HashSet<(string, string)>();
        await using var cmd = sql.Command(
            $"SELECT record_id, sent_hash FROM exchange_receipts WHERE catalog = @c AND error_code = @e AND sent_hash IS NOT NULL AND {InList("record_id", "@ids")}",
            ("@c", catalog), ("@e", ContentHashMismatch), ("@ids", IdList(recordIds)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            earlier.Add((r.GetString(0), r.GetString(1)));
        }

        return earlier;
    }

    /// <summary>Why an acceptance of other content is not taken as published, naming both hashes: for the log, the receipt row and the quarantine item.</summary>
    private static string OtherContentMessage(Settlement r) =>
        $"平台回执的内容摘要 {r.Result.ContentHash} 与本系统发送内容的摘要 {r.Sent.Hash} 不符，" + (r.Outcome == Outcome.OtherContentAgain
            ? "重新发送后仍不符：平台保存的不是本系统发送的内容（或平台计算摘要的方式与接口规范不同），未记为已公示，不再自动重发；请与平台核对后更正或忽略"
            : "平台保存的不是本系统发送的内容，未记为已公示，将重新发送一次");

    /// <summary>
    /// What the platform now holds of an accepted upsert: its contentHash, or, when the receipt leaves it out, the hash
    /// of what was sent. accepted_hash is how the hub knows a record is published (an officer's withdrawal of a record
    /// without it is marked withdrawn and never sent), so an acceptance without a contentHash must not leave it empty;
    /// an acceptance of other content keeps the platform's hash, so that the hub's content is never taken for what the
    /// platform holds (an import of it would read as unchanged). The stored receipt and the log entry keep what the
    /// platform said.
    /// </summary>
    private static string? AcceptedHash(ReceiptResult x, SentRecord sent) =>
        IsAccepted(x) && sent.Op == BatchRecord.Upsert && !IsOtherContent(x, sent) ? sent.Hash ?? x.ContentHash : x.ContentHash;

    /// <summary>Only receipts whose statuses are all accepted or rejected get here (<see cref="BatchPusher.ReceiptMismatch"/>).</summary>
    private static string StoredStatus(ReceiptResult x) => IsAccepted(x) ? ReceiptResult.Accepted : ReceiptResult.Rejected;

    private static string Errors(ReceiptResult x) =>
        PersonalIdRedactor.Mask(string.Join("；", (x.Errors ?? []).Select(e => $"{e.Field} {e.Code} {e.Message}")));

    private static List<LogEvent> Events(string catalog, List<(StoredBatch Batch, List<Settlement> Results)> settled, string actor, PushCounts counts)
    {
        var events = new List<LogEvent>(settled.Sum(b => b.Results.Count + 1));
        foreach (var (batch, results) in settled)
        {
            // What the platform said; the records' outcomes follow.
            var accepted = results.Count(r => IsAccepted(r.Result));
            events.Add(new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "batch.receipted", Actor = actor, Catalog = catalog, BatchId = batch.Id, State = BatchStates.Receipted,
                Detail = $"接收 {accepted}，拒绝 {results.Count - accepted}",
            });
            foreach (var r in results)
            {
                var (x, outcome) = (r.Result, r.Outcome);
                events.Add(new LogEvent
                {
                    Chain = LogChain.Exchange,
                    Kind = outcome switch
                    {
                        Outcome.Rejected => "record.rejected",
                        Outcome.NotHeld => "record.withdraw-not-found",
                        Outcome.OtherContent or Outcome.OtherContentAgain => "record.content-mismatch",
                        _ => "record.accepted",
                    },
                    Actor = actor, Catalog = catalog, RecordId = x.RecordId, BatchId = batch.Id, EntityKey = r.Sent.EntityKey,
                    State = StateOf(outcome), PayloadHash = x.ContentHash,
                    Detail = outcome switch
                    {
                        Outcome.Rejected => Errors(x),
                        Outcome.NotHeld => $"平台没有此记录（{Errors(x).Trim()}）：撤回的目的（不再公示）已达到，记为已撤回",
                        Outcome.OtherContent or Outcome.OtherContentAgain => OtherContentMessage(r),
                        _ => x.PlatformId,
                    },
                });
            }

            // A withdrawal of a record the platform does not hold is done, not an officer's work: not counted as
            // rejected. Other content is neither accepted nor, until it comes back after the resend, rejected.
            var rejected = results.Count(r => r.Outcome is Outcome.Rejected or Outcome.OtherContentAgain);
            var resend = results.Count(r => r.Outcome == Outcome.OtherContent);
            counts.Accepted += results.Count - rejected - resend;
            counts.Rejected += rejected;
            counts.OtherContent += resend;
            counts.OtherContentAgain += results.Count(r => r.Outcome == Outcome.OtherContentAgain);
        }

        return events;
    }

    /// <summary>
    /// One row per record the platform did not accept, with its errors: what quarantine items are made from; and one
    /// per acceptance of other content than was sent (status accepted, error code <see cref="ContentHashMismatch"/>),
    /// which is also what tells the second such answer for the same content from the first. An acceptance is not stored
    /// a fourth time: its platformId and contentHash are on the record (platform_id, accepted_hash), in its
    /// <c>record.accepted</c> log entry, and in the batch's stored receipt (a row per acceptance cost about 10 s of
    /// PostgreSQL time per million records, docs/benchmarks.md).
    /// </summary>
    private async Task InsertReceiptsAsync(string catalog, List<Settlement> results, CancellationToken ct)
    {
        const string columns = "batch_id, catalog, record_id, status, op, sent_hash, platform_id, content_hash, errors, error_field, error_code, error_message";
        static bool Kept(Settlement r) => !IsAccepted(r.Result) || r.Outcome is Outcome.OtherContent or Outcome.OtherContentAgain;
        if (!results.Any(Kept))
        {
            return;
        }

        var rows = results.Where(Kept).Select(r =>
        {
            var (x, sent) = (r.Result, r.Sent);
            List<RecordIssue>? errors = IsAccepted(x)
                ? [new RecordIssue(null, null, ContentHashMismatch, OtherContentMessage(r))]
                : x.Errors?.Select(e => new RecordIssue(e.Field, null, e.Code, PersonalIdRedactor.Mask(e.Message))).ToList() is { Count: > 0 } list ? list : null;
            var first = errors?[0];
            string?[] values =
            [
                r.BatchId, catalog, x.RecordId, StoredStatus(x), sent.Op, sent.Hash,
                x.PlatformId, x.ContentHash,
                errors is null ? null : ExchangeJson.Issues(errors),
                first?.Field, first?.Rule, first?.Message,
            ];
            return values;
        });

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
}
