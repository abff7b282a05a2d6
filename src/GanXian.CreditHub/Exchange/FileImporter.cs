using System.Security.Cryptography;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Exchange;

public enum FileImportOutcome
{
    Imported,
    AlreadyImported,
    Rejected,

    /// <summary>
    /// The file could not be taken whole this time (it changed while it was read, being still copied in, or the file
    /// system refused it): nothing of it stored, left in the inbox for the next run.
    /// </summary>
    Deferred,
}

public sealed record FileImportResult(
    string Catalog,
    string FileName,
    FileImportOutcome Outcome,
    long Read = 0,
    long Valid = 0,
    long Quarantined = 0,
    long Unchanged = 0,
    long Changed = 0,
    string? Message = null,
    long SummaryRows = 0,
    long Warnings = 0,
    string? FirstWarning = null,
    long Revised = 0,
    long RepeatedHeaders = 0,
    IReadOnlyList<string>? Sheets = null)
{
    /// <summary>The counts of this part of a file and of <paramref name="next"/> (the next worksheet) together.</summary>
    public FileImportResult Plus(FileImportResult next) => this with
    {
        Read = Read + next.Read, Valid = Valid + next.Valid, Quarantined = Quarantined + next.Quarantined, Unchanged = Unchanged + next.Unchanged,
        Changed = Changed + next.Changed, Revised = Revised + next.Revised, SummaryRows = SummaryRows + next.SummaryRows,
        RepeatedHeaders = RepeatedHeaders + next.RepeatedHeaders, Warnings = Warnings + next.Warnings, FirstWarning = FirstWarning ?? next.FirstWarning,
    };

    /// <summary>
    /// New and changed records apart: a row that revises a record already collected (by an earlier file of the same run
    /// or an earlier run) is sent once with its latest content, so the records sent can be fewer than the valid rows.
    /// </summary>
    public string Breakdown => Revised > 0 ? $"，新增 {Changed - Revised}，更新已有记录 {Revised}" : "";

    /// <summary>
    /// What else an operator should know of the file, for the lines they read: the totals and note rows skipped, and
    /// the valid records that carry a warning (an organisation code inside a credit code that does not check, …),
    /// which are sent but nowhere else reported. "" when there is neither.
    /// </summary>
    public string Remarks =>
        (Sheets is { Count: > 0 } ? $"，共 {Sheets.Count} 个工作表（{string.Join("、", Sheets)}）" : "")
        + (SummaryRows > 0 ? $"，跳过合计行及表尾说明 {SummaryRows} 行" : "")
        + (RepeatedHeaders > 0 ? $"，跳过重复的表头行 {RepeatedHeaders} 行" : "")
        + (Warnings > 0 ? $"，有效记录中 {Warnings} 条有警告（{FirstWarning}{(Warnings > 1 ? " 等" : "")}）" : "");

    /// <summary>The file's counts for an officer: "读取 N 条，有效 N 条，…" with the breakdown and remarks.</summary>
    public string CountsLine() =>
        $"读取 {Read} 条，有效 {Valid} 条，隔离 {Quarantined} 条，未变化 {Unchanged} 条，新增或变更 {Changed} 条{Breakdown}{Remarks}";
}

/// <summary>What streaming a file into the stage found besides its records.</summary>
internal readonly record struct StagedFile(long SummaryRows, long RepeatedHeaders, long Warnings, string? FirstWarning);

/// <summary>
/// Imports one inbox file in one transaction: stream the reader into the staging table, then merge with set-based SQL
/// into the records, the per-row outcomes and the quarantine, log every change, commit, and only then move the file.
/// A crash before the commit leaves the file in the inbox and nothing stored; a crash after it leaves a file whose
/// hash is known, which the next run only moves.
/// </summary>
internal sealed class FileImporter(ExchangeSql sql, ISourceFileReader reader, IAuditLog audit, TimeProvider clock, ILogger<FileImporter> log)
{
    private const int AuditChunk = 10_000;
    private const int AnalyzeAfter = 10_000;

    public async Task<FileImportResult> ImportAsync(SourceDefinition source, string path, string actor, bool dryRun, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var stamp = FileStamp.Of(path);
        var hash = await HashFileAsync(path, ct);
        var known = await KnownOutcomeAsync(source, hash, ct);
        if (known is { } k)
        {
            if (!dryRun)
            {
                MoveAway(source, path, k.Outcome == FileOutcomes.Rejected, k.Message ?? "此文件内容此前已处理，未重复处理。");
            }

            return new FileImportResult(source.Catalog, name,
                k.Outcome == FileOutcomes.Rejected ? FileImportOutcome.Rejected : FileImportOutcome.AlreadyImported, Message: k.Message);
        }

        FileImportResult result;
        await using (var tx = await sql.BeginAsync(ct))
        {
            try
            {
                result = await ImportTablesAsync(source, path, name, hash, actor, clock.GetUtcNow(), dryRun, ct);
            }
            catch (SourceFileUnreadableException ex)
            {
                await tx.RollbackAsync(ct);
                sql.Db.ChangeTracker.Clear();
                if (!dryRun)
                {
                    await RecordRejectedAsync(source, name, hash, ex.Message, actor, ct);
                    MoveAway(source, path, rejected: true, ex.Message);
                }

                log.LogWarning("文件 {File} 无法读取，已移入拒收目录：{Reason}", name, ex.Message);
                return new FileImportResult(source.Catalog, name, FileImportOutcome.Rejected, Message: ex.Message);
            }

            if (dryRun)
            {
                await tx.RollbackAsync(ct);
                return result;
            }

            // A file copied into the inbox under its final name (cp, a network share) can be read while it is still
            // growing: the rows read so far would be stored as the file, the hash of a part marked as done, and the
            // move would carry the rest to the archive unread. So the file must be as it was when its hash was taken.
            if (FileStamp.Of(path) != stamp)
            {
                await tx.RollbackAsync(ct);
                sql.Db.ChangeTracker.Clear();
                const string deferred = "文件在读取期间仍有写入（大小或修改时间有变化），可能尚未复制完成；未导入任何内容，已留在收件目录，下次交换时再处理。";
                log.LogWarning("文件 {File} 在读取期间仍有写入，留待下次处理", name);
                return new FileImportResult(source.Catalog, name, FileImportOutcome.Deferred, Message: deferred);
            }

            await tx.CommitAsync(ct);
        }

        if (result.Changed >= AnalyzeAfter)
        {
            // Fresh statistics after a bulk load: without them the planner takes the catalogue's records for a few
            // hundred and hashes all of them for every receipt (auto_explain, docs/benchmarks.md). Autovacuum would
            // get there, but only after the push has run.
            await sql.ExecuteAsync(sql.IsPostgres ? Data.AppRoleGrants.AnalyzeExchange : "ANALYZE", ct);
        }

        MoveAway(source, path, rejected: false,
            $"已处理：{result.CountsLine()}。");
        return result;
    }

    /// <summary>
    /// The file's one table, or each worksheet of a workbook that holds the table on several (one per insurance type,
    /// per month) in turn, in the file's transaction: a sheet is a part of the file with its own <c>exchange_files</c> row
    /// named "文件（工作表“…”）", so that its rows keep the numbers Excel shows and its quarantine items name the sheet.
    /// The first part's row carries the file's hash (what tells a file already processed); the others a hash derived
    /// from it and the sheet's name, which keeps the (source, hash) key unique.
    /// </summary>
    private async Task<FileImportResult> ImportTablesAsync(SourceDefinition source, string path, string name, string hash, string actor,
        DateTimeOffset now, bool dryRun, CancellationToken ct)
    {
        var sheets = reader.TableSheetsOf(source, path);
        if (sheets.Count == 0)
        {
            return await ImportTableAsync(source, path, null, name, hash, actor, now, dryRun, ct);
        }

        FileImportResult? total = null;
        foreach (var sheet in sheets)
        {
            FileImportResult part;
            try
            {
                part = await ImportTableAsync(source, path, sheet, PartName(name, sheet), total is null ? hash : PartHash(hash, sheet), actor, now, dryRun, ct);
            }
            catch (SourceFileUnreadableException ex)
            {
                // The parts read before are rolled back with the file, so the officer fixes this sheet and drops the whole workbook again.
                throw new SourceFileUnreadableException(ex.File, $"工作表“{sheet}”：{ex.Message}（整个工作簿未导入，其他工作表也未导入）", ex);
            }

            total = total?.Plus(part) ?? part;
        }

        return total! with { FileName = name, Sheets = sheets };
    }

    private const string PartMark = "（工作表“";

    /// <summary>The name of worksheet <paramref name="sheet"/>'s part of workbook <paramref name="file"/>.</summary>
    public static string PartName(string file, string sheet) => $"{file}{PartMark}{sheet}”）";

    /// <summary>The hash of a part after the first: unique per (file, sheet), and never the hash of a real file.</summary>
    private static string PartHash(string fileHash, string sheet) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{fileHash}\n{sheet}")));

    /// <summary>The workbook's name from one of its parts' names (<see cref="PartName"/>); any other file's name as it is.</summary>
    public static string FileOfPart(string name) =>
        name.EndsWith("”）", StringComparison.Ordinal) && name.IndexOf(PartMark, StringComparison.Ordinal) is > 0 and var at ? name[..at] : name;

    private async Task<FileImportResult> ImportTableAsync(SourceDefinition source, string path, string? sheet, string name, string hash, string actor,
        DateTimeOffset now, bool dryRun, CancellationToken ct)
    {
        var fileId = await sql.ScalarAsync<long>(
            "INSERT INTO exchange_files (source, catalog, file_name, content_hash, outcome, imported_at, read_count, valid_count, quarantined_count, unchanged_count, changed_count) " +
            "VALUES (@s, @c, @n, @h, 'archived', @t, 0, 0, 0, 0, 0) RETURNING id",
            ct, ("@s", source.Name), ("@c", source.Catalog), ("@n", name), ("@h", hash), ("@t", sql.Time(now)));
        var staged = await StageAsync(source, path, sheet, ct);
        var result = await MergeAsync(source, name, fileId, sheet is null ? "文件" : "工作表", actor, now, ct) with
        {
            SummaryRows = staged.SummaryRows, RepeatedHeaders = staged.RepeatedHeaders, Warnings = staged.Warnings, FirstWarning = staged.FirstWarning,
        };
        if (!dryRun)
        {
            await AuditAsync(source, name, fileId, actor, result, ct);
        }

        return result;
    }

    /// <summary>Streams the table's records into the stage; counts the totals and note rows it skipped and the valid records with warnings.</summary>
    private async Task<StagedFile> StageAsync(SourceDefinition source, string path, string? sheet, CancellationToken ct)
    {
        long summaryRows = 0, repeatedHeaders = 0, warnings = 0;
        string? firstWarning = null;
        await using var stager = await RowStager.StartAsync(sql, ct);
        await foreach (var record in reader.ReadAsync(source, path, sheet, ct))
        {
            if (record.IsRepeatedHeader)
            {
                repeatedHeaders++;
                continue;
            }

            if (record.IsSummaryRow)
            {
                summaryRows++;
                continue;
            }

            if (record.Issues.Count > 0 && record.IsValid)
            {
                warnings++;
                firstWarning ??= $"{(sheet is null ? "" : $"工作表“{sheet}”")}第 {record.Source.Row} 行：{PersonalIdRedactor.Mask(record.Issues[0].Message)}";
            }

            await stager.WriteAsync(StagedRow.From(record), ct);
        }

        await stager.CompleteAsync(ct);
        return new StagedFile(summaryRows, repeatedHeaders, warnings, firstWarning);
    }

    private async Task<FileImportResult> MergeAsync(SourceDefinition source, string name, long fileId, string scope, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (sql.IsPostgres)
        {
            // The merge sorts and hashes the whole file (duplicate keys, joins with the records); with the default 4 MB
            // those spill to disk. Local to this transaction.
            await sql.ExecuteAsync("SET LOCAL work_mem = '128MB'", ct);
        }

        await RowStager.IndexAsync(sql, ct);
        (string, object?)[] p = [("@c", source.Catalog), ("@f", fileId), ("@n", name), ("@t", sql.Time(now)), ("@a", actor)];

        // The first row of a business key counts; later rows with the same key are quarantined (as the platform does).
        await sql.ExecuteAsync(
            "UPDATE exchange_stage SET rule = 'DUPLICATE_KEY', field = NULL, original = NULL, " +
            "message = '同一' || @u || '中业务主键重复：与第 ' || CAST(d.first_row AS TEXT) || ' 行为同一条记录', " +
            "issues = '[{\"field\":null,\"sourceColumn\":null,\"rule\":\"DUPLICATE_KEY\",\"message\":\"同一' || @u || '中业务主键重复：与第 ' || CAST(d.first_row AS TEXT) || ' 行为同一条记录\",\"severity\":\"Error\"}]' " +
            // Grouping by the indexed key finds the (usually no) duplicated keys without sorting the whole file,
            // which a window over every row did (5 s at a million rows); only their rows are then touched.
            "FROM (SELECT s.row_no, k.first_row FROM exchange_stage s JOIN (" +
            "        SELECT record_id, MIN(row_no) AS first_row FROM exchange_stage WHERE issues IS NULL AND record_id IS NOT NULL " +
            "        GROUP BY record_id HAVING COUNT(*) > 1) k ON k.record_id = s.record_id " +
            "      WHERE s.issues IS NULL AND s.row_no > k.first_row) d " +
            "WHERE exchange_stage.row_no = d.row_no", ct, ("@u", scope));

        await sql.ExecuteAsync(
            "INSERT INTO exchange_input_rows (file_id, source_row, record_id, content_hash, entity_key, outcome) " +
            "SELECT @f, s.row_no, s.record_id, s.content_hash, s.entity_key, CASE " +
            "  WHEN s.issues IS NOT NULL THEN 'quarantined' " +
            "  WHEN r.id IS NULL THEN 'new' " +
            "  WHEN r.content_hash = s.content_hash OR r.accepted_hash = s.content_hash THEN 'unchanged' " +
            "  ELSE 'changed' END " +
            "FROM exchange_stage s LEFT JOIN exchange_records r ON r.catalog = @c AND r.record_id = s.record_id", ct, p);

        // New and changed content becomes pending; content equal to what the platform already holds is not resent.
        // Changed records are updated in place and new ones inserted in key order, rather than one INSERT … ON CONFLICT:
        // speculative insertion into the random-keyed unique index nearly doubled the cost of a first import, and keys
        // in order append at the index's right edge (docs/benchmarks.md). The exchange lock keeps other imports out;
        // an officer's concurrent correction of the same new key fails this file's transaction, and the next run
        // imports it again.
        // A record an officer withdrew (withdrawn_by) takes the new data but keeps its withdrawal: a revoked penalty
        // still in the source system's export must not be published again.
        await sql.ExecuteAsync(
            "UPDATE exchange_records SET data = s.data, content_hash = s.content_hash, " +
            "  op = CASE WHEN exchange_records.withdrawn_by IS NULL THEN 'upsert' ELSE exchange_records.op END, " +
            "  publish_until = s.publish_until, entity_key = s.entity_key, source_file_id = @f, source_row = s.row_no, updated_at = @t, " +
            "  state = CASE WHEN exchange_records.batch_id IS NOT NULL THEN 'sending' " +
            "               WHEN exchange_records.withdrawn_by IS NOT NULL THEN exchange_records.state " +
            "               WHEN s.content_hash = exchange_records.accepted_hash THEN 'accepted' ELSE 'pending' END " +
            "FROM exchange_stage s " +
            "WHERE s.issues IS NULL AND exchange_records.catalog = @c AND exchange_records.record_id = s.record_id " +
            "  AND exchange_records.content_hash <> s.content_hash", ct, p);
        await sql.ExecuteAsync(
            "INSERT INTO exchange_records (catalog, record_id, data, content_hash, state, op, publish_until, entity_key, source_file_id, source_row, updated_at) " +
            "SELECT @c, s.record_id, s.data, s.content_hash, 'pending', 'upsert', s.publish_until, s.entity_key, @f, s.row_no, @t " +
            "FROM exchange_stage s WHERE s.issues IS NULL " +
            "  AND NOT EXISTS (SELECT 1 FROM exchange_records r WHERE r.catalog = @c AND r.record_id = s.record_id) " +
            // Byte order sorts with abbreviated keys; the database's collation (C.UTF-8, zh_CN.UTF-8) compares through
            // the C library. recordIds are ASCII, so the two orders agree or nearly do, which is all locality needs.
            (sql.IsPostgres ? "ORDER BY s.record_id COLLATE \"C\"" : "ORDER BY s.record_id"), ct, p);

        // Open items of records quarantined again are replaced by the new ones…
        await sql.ExecuteAsync(
            "UPDATE exchange_quarantine SET status = 'superseded', resolved_at = @t, resolved_by = @a " +
            "WHERE status = 'open' AND catalog = @c AND kind IN ('validation', 'duplicate') AND (" +
            "  (record_id IS NOT NULL AND record_id IN (SELECT record_id FROM exchange_stage WHERE issues IS NOT NULL AND record_id IS NOT NULL)) " +
            "  OR (record_id IS NULL AND file_name = @n AND source_row IN (SELECT row_no FROM exchange_stage WHERE issues IS NOT NULL)))", ct, p);

        // …and a valid version of a record clears its items (a platform rejection only when the content changed).
        await sql.ExecuteAsync(
            "UPDATE exchange_quarantine SET status = 'cleared', resolved_at = @t, resolved_by = @a " +
            "WHERE status = 'open' AND catalog = @c AND (" +
            "  (record_id IS NOT NULL AND EXISTS (SELECT 1 FROM exchange_stage s WHERE s.issues IS NULL AND s.record_id = exchange_quarantine.record_id " +
            "     AND (exchange_quarantine.kind IN ('validation', 'duplicate') OR exchange_quarantine.content_hash IS NULL OR exchange_quarantine.content_hash <> s.content_hash))) " +
            "  OR (record_id IS NULL AND file_name = @n AND EXISTS (SELECT 1 FROM exchange_stage s WHERE s.issues IS NULL AND s.row_no = exchange_quarantine.source_row)))", ct, p);

        await sql.ExecuteAsync(
            "INSERT INTO exchange_quarantine (kind, catalog, record_id, file_id, file_name, source_row, field, rule, message, issues, original, data, content_hash, status, created_at) " +
            "SELECT CASE WHEN s.rule = 'DUPLICATE_KEY' THEN 'duplicate' ELSE 'validation' END, @c, s.record_id, @f, @n, s.row_no, s.field, s.rule, s.message, " +
            "  s.issues, s.original, s.data, s.content_hash, 'open', @t FROM exchange_stage s WHERE s.issues IS NOT NULL", ct, p);

        var counts = new Dictionary<string, long>();
        await using (var cmd = sql.Command("SELECT outcome, COUNT(*) FROM exchange_input_rows WHERE file_id = @f GROUP BY outcome", ("@f", fileId)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                counts[r.GetString(0)] = r.GetInt64(1);
            }
        }

        long C(string k) => counts.GetValueOrDefault(k);
        var result = new FileImportResult(source.Catalog, name, FileImportOutcome.Imported,
            Read: counts.Values.Sum(),
            Valid: C(RowOutcomes.New) + C(RowOutcomes.Changed) + C(RowOutcomes.Unchanged),
            Quarantined: C(RowOutcomes.Quarantined),
            Unchanged: C(RowOutcomes.Unchanged),
            Changed: C(RowOutcomes.New) + C(RowOutcomes.Changed),
            Revised: C(RowOutcomes.Changed));
        await sql.ExecuteAsync(
            "UPDATE exchange_files SET read_count = @r, valid_count = @v, quarantined_count = @q, unchanged_count = @u, changed_count = @x WHERE id = @f",
            ct, ("@r", result.Read), ("@v", result.Valid), ("@q", result.Quarantined), ("@u", result.Unchanged), ("@x", result.Changed), ("@f", fileId));
        return result;
    }

    /// <summary>One exchange-log entry per changed or quarantined row, appended in chunks inside the file's transaction.</summary>
    private async Task AuditAsync(SourceDefinition source, string name, long fileId, string actor, FileImportResult result, CancellationToken ct)
    {
        var rules = new Dictionary<long, string?>();
        await using (var cmd = sql.Command("SELECT row_no, rule FROM exchange_stage WHERE issues IS NOT NULL"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rules[r.GetInt64(0)] = ExchangeSql.Text(r, 1);
            }
        }

        const string rows = "SELECT source_row, record_id, content_hash, entity_key, outcome FROM exchange_input_rows ";
        if (sql.IsPostgres)
        {
            // One pass through a cursor, fetched in chunks between the log's COPYs. A query per chunk ("after row n,
            // LIMIT 10000") was planned on the statistics of the still-empty table as a scan and sort of the whole file
            // per chunk: 26 s at a million rows (pg_stat_statements, docs/benchmarks.md).
            await sql.ExecuteAsync(
                "DECLARE import_log NO SCROLL CURSOR FOR " + rows + "WHERE file_id = @f AND outcome <> 'unchanged' ORDER BY source_row", ct, ("@f", fileId));
            int fetched;
            do
            {
                (fetched, _) = await AuditChunkAsync(sql.Command($"FETCH {AuditChunk} FROM import_log"), source, name, actor, rules, ct);
            }
            while (fetched == AuditChunk);

            await sql.ExecuteAsync("CLOSE import_log", ct);
        }
        else
        {
            long last = -1;
            int read;
            do
            {
                (read, last) = await AuditChunkAsync(
                    sql.Command(rows + $"WHERE file_id = @f AND source_row > @last AND outcome <> 'unchanged' ORDER BY source_row LIMIT {AuditChunk}",
                        ("@f", fileId), ("@last", last)),
                    source, name, actor, rules, ct);
            }
            while (read == AuditChunk);
        }

        await audit.AppendAsync(sql.Db,
        [
            new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "file.imported", Actor = actor, Catalog = source.Catalog, State = FileOutcomes.Archived,
                Detail = $"{name}：读取 {result.Read}，有效 {result.Valid}，隔离 {result.Quarantined}，未变化 {result.Unchanged}，新增或变更 {result.Changed}{result.Breakdown}{result.Remarks}",
            },
        ], ct);
    }

    /// <summary>Logs the rows one command returns (at most a chunk); returns how many and the last source row.</summary>
    private async Task<(int Read, long Last)> AuditChunkAsync(
        System.Data.Common.DbCommand command, SourceDefinition source, string name, string actor, Dictionary<long, string?> rules, CancellationToken ct)
    {
        var events = new List<LogEvent>(AuditChunk);
        long last = -1;
        await using (command)
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                last = r.GetInt64(0);
                var outcome = r.GetString(4);
                var quarantined = outcome == RowOutcomes.Quarantined;
                events.Add(new LogEvent
                {
                    Chain = LogChain.Exchange,
                    Kind = quarantined ? "record.quarantined" : "record.collected",
                    Actor = actor,
                    Catalog = source.Catalog,
                    RecordId = ExchangeSql.Text(r, 1),
                    EntityKey = ExchangeSql.Text(r, 3),
                    State = quarantined ? "quarantined" : RecordStates.Pending,
                    PayloadHash = ExchangeSql.Text(r, 2),
                    Detail = quarantined ? $"{name} 第 {last} 行：{rules.GetValueOrDefault(last)}" : $"{name} 第 {last} 行：{outcome}",
                });
            }
        }

        if (events.Count > 0)
        {
            await audit.AppendAsync(sql.Db, events, ct);
        }

        return (events.Count, last);
    }

    private async Task<(string Outcome, string? Message)?> KnownOutcomeAsync(SourceDefinition source, string hash, CancellationToken ct)
    {
        await sql.OpenAsync(ct);
        await using var cmd = sql.Command("SELECT outcome, message FROM exchange_files WHERE source = @s AND content_hash = @h", ("@s", source.Name), ("@h", hash));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetString(0), ExchangeSql.Text(r, 1)) : null;
    }

    private async Task RecordRejectedAsync(SourceDefinition source, string name, string hash, string message, string actor, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(ct);
        await sql.ExecuteAsync(
            "INSERT INTO exchange_files (source, catalog, file_name, content_hash, outcome, imported_at, read_count, valid_count, quarantined_count, unchanged_count, changed_count, message) " +
            "VALUES (@s, @c, @n, @h, 'rejected', @t, 0, 0, 0, 0, 0, @m) ON CONFLICT (source, content_hash) DO NOTHING",
            ct, ("@s", source.Name), ("@c", source.Catalog), ("@n", name), ("@h", hash), ("@t", sql.Time(clock.GetUtcNow())), ("@m", message));
        await audit.AppendAsync(sql.Db,
        [
            new LogEvent { Chain = LogChain.Exchange, Kind = "file.rejected", Actor = actor, Catalog = source.Catalog, State = FileOutcomes.Rejected, Detail = $"{name}：{message}" },
        ], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves the file to the archive (or rejected) folder of its source and writes the outcome next to it, under a name
    /// that fits the file system with the note's suffix (<see cref="MovedFileNames"/>); a shortened name's note gives
    /// the name the file came with.
    /// </summary>
    private static void MoveAway(SourceDefinition source, string path, bool rejected, string note)
    {
        var folder = rejected ? source.Rejected : source.Archive;
        Directory.CreateDirectory(folder);
        var name = Path.GetFileName(path);
        var suffix = rejected ? MovedFileNames.RejectedNote : MovedFileNames.ArchivedNote;
        var attempt = 0;
        var (moved, shortened) = MovedFileNames.Candidate(name, attempt, suffix);
        while (File.Exists(Path.Combine(folder, moved)))
        {
            (moved, shortened) = MovedFileNames.Candidate(name, ++attempt, suffix);
        }

        if (shortened)
        {
            note += $"{Environment.NewLine}原文件名：{name}（连同说明文件的后缀超过文件系统每个文件名 {MovedFileNames.MaxNameBytes} 字节的限制，已截短为 {moved}）";
        }

        var target = Path.Combine(folder, moved);
        File.WriteAllText(target + suffix, note + Environment.NewLine);
        File.Move(path, target);
    }

    /// <summary>What tells a file that is still being written from one that is complete, without reading it.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return new FileStamp(info.Length, info.LastWriteTimeUtc);
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
