extern alias simulator;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

public sealed class ExchangeRunTests
{
    public const string Employer = "113607210000000197";

    /// <summary>A USCC with a wrong check character: the test reader lets it through, the platform rejects it.</summary>
    private const string BadCode = "113607210000000190";

    public static string Period(int i) => $"{2000 + i / 12}{i % 12 + 1:D2}";

    public static string RecordId(int i) => $"{Employer}-110-{Period(i)}";

    public static IEnumerable<string> Rows(int count, decimal amount = 100m, int from = 0) =>
        Enumerable.Range(from, count).Select(i => $"{Employer},110,{Period(i)},{amount + i}");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Valid_records_are_sent_once_and_invalid_and_duplicate_rows_are_quarantined(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("jf-202610.csv", [.. Rows(45), ",110,202610,5", $"{Employer},110,202610,abc", Rows(1).Single().Replace(",100", ",999")]);

        var summary = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, summary.Status);
        var s = summary.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((48, 45, 3, 0, 45, 45, 0, 0), (s.Read, s.Valid, s.Quarantined, s.Unchanged, s.Sent, s.Accepted, s.Rejected, s.Pending));
        Assert.Equal(3, bed.Sim.Stats.Batches); // BatchSize 20 in the test bed

        var records = await bed.RecordsAsync();
        Assert.Equal(records.ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.All(records, r => Assert.Equal((RecordStates.Accepted, r.ContentHash), (r.State, r.AcceptedHash)));
        var items = await bed.QuarantineAsync();
        Assert.Equal(["TYSHXYDM", "YJJE", null], items.Select(i => i.Field));
        Assert.Equal("DUPLICATE_KEY", items[2].Rule);
        Assert.Equal([47L, 48L, 49L], items.Select(i => i.SourceRow!.Value));
        Assert.Contains("统一社会信用代码", items[0].Original);
        Assert.Equal("同一文件中业务主键重复：与第 2 行为同一条记录", items[2].Message);

        // Every input row has exactly one outcome.
        var rows = await bed.QueryAsync(db => db.Set<InputRow>().AsNoTracking().ToListAsync());
        Assert.Equal(Enumerable.Range(2, 48).Select(i => (long)i), rows.Select(r => r.SourceRow).Order());
        Assert.Equal(3, rows.Count(r => r.Outcome == RowOutcomes.Quarantined));
        Assert.Equal(45, rows.Count(r => r.Outcome == RowOutcomes.New));

        Assert.True(File.Exists(Path.Combine(bed.Archive, "jf-202610.csv")));
        Assert.Contains("隔离 3 条", await File.ReadAllTextAsync(Path.Combine(bed.Archive, "jf-202610.csv.处理结果.txt")));
        Assert.Empty(Directory.GetFiles(bed.Inbox));
        var log = await bed.AuditAsync();
        Assert.Equal(45, log.Count(e => e.Kind == "record.accepted"));
        Assert.Equal(3, log.Count(e => e.Kind == "record.quarantined"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_run_ends_with_a_signed_checkpoint_of_what_it_logged_inside_and_outside_the_database(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", Rows(5));
        Assert.DoesNotContain((await bed.RunAsync(dryRun: true)).Messages, m => m.Contains("检查点"));
        Assert.Empty(await bed.QueryAsync(db => db.Set<AuditCheckpoint>().ToListAsync()));

        var summary = await bed.RunAsync();

        var head = (await bed.AuditAsync()).Max(e => e.Seq);
        var checkpoint = Assert.Single(await bed.QueryAsync(db => db.Set<AuditCheckpoint>().AsNoTracking().ToListAsync()));
        Assert.Equal((LogChain.Exchange, head, "exchange-run"), (checkpoint.Chain, checkpoint.Seq, checkpoint.Reason));
        Assert.Contains($"已签署交换日志检查点：第 {head} 号", summary.Messages);
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(bed.Root, "audit", "checkpoints.jsonl")));
        Assert.Contains($"\"seq\":{head}", line);

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(bed.Hub.App, ["audit", "verify", "--chain", "exchange"]));

        // A later run covers whatever it logged too (a run that logs nothing signs nothing).
        await bed.RunAsync();
        var after = await bed.QueryAsync(db => db.Set<AuditCheckpoint>().AsNoTracking().ToListAsync());
        Assert.Equal((await bed.AuditAsync()).Max(e => e.Seq), after.Max(c => c.Seq));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batches_stay_under_the_byte_limit(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, c =>
        {
            c["Exchange:MaxBatchBytes"] = "10001";
            c["Exchange:BatchSize"] = "100";
        });
        bed.WriteFile("a.csv", Rows(60));

        var summary = await bed.RunAsync();

        Assert.Equal(60, summary.Catalogs[ExchangeTestBed.Catalog].Accepted);
        var batches = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().ToListAsync());
        Assert.All(batches, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Body) <= 10001, $"{b.RecordCount} records, {b.Body.Length} chars"));
        // 60 records of a few hundred bytes each: BatchSize alone would make one batch.
        Assert.True(batches.Count > 1, $"{batches.Count} batches");
        Assert.Equal(60, batches.Sum(b => b.RecordCount));
        Assert.Equal(60, bed.Held().Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unchanged_records_are_not_resent_and_changed_ones_are_sent_as_upserts(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", Rows(30));
        await bed.RunAsync();
        var before = bed.Sim.Stats.Batches;
        var id3 = (await bed.RecordsAsync()).Single(r => r.Data.Contains($"\"FKSSQ\":\"{Period(3)}\"")).RecordId;
        var oldHash = bed.Held()[id3];

        var second = Rows(30).ToList();
        second[3] = second[3].Replace(",103", ",1030");
        var b = bed.WriteFile("b.csv", second);
        File.AppendAllLines(b, [ExchangeTestBed.ExportHeader, .. Rows(2, from: 50).Select(ExchangeTestBed.Export)]);
        var summary = await bed.RunAsync();

        var s = summary.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((32, 29, 3, 3), (s.Read, s.Unchanged, s.Sent, s.Accepted));
        // The file's outcome tells the revision of a known record from the two new ones, and the header pasted in
        // again between the two parts of the file is skipped and counted.
        var file = Assert.Single(summary.Files);
        Assert.Equal((1, 0), (file.RepeatedHeaders, file.Quarantined));
        Assert.Contains("跳过重复的表头行 1 行", file.Remarks);
        Assert.Equal((3, 1), (file.Changed, file.Revised));
        Assert.Equal("，新增 2，更新已有记录 1", file.Breakdown);
        Assert.Contains("新增 2，更新已有记录 1", File.ReadAllText(Path.Combine(bed.Archive, "b.csv.处理结果.txt")));
        Assert.Equal(before + 1, bed.Sim.Stats.Batches);
        var held = bed.Held();
        Assert.Equal(32, held.Count);
        Assert.NotEqual(oldHash, held[id3]);
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), held);

        // The same content again, under another name: nothing to send at all.
        File.Copy(Path.Combine(bed.Archive, "b.csv"), Path.Combine(bed.Inbox, "b-again.csv"));
        var third = await bed.RunAsync();
        Assert.Equal(0, third.Catalogs[ExchangeTestBed.Catalog].Sent);
        Assert.Contains(third.Files, f => f.Outcome == FileImportOutcome.AlreadyImported);
        Assert.Equal(before + 1, bed.Sim.Stats.Batches);
    }

    [Fact]
    public async Task A_valid_record_with_a_warning_is_sent_and_the_warning_reported_with_the_file()
    {
        // A credit code whose own check digit is right but whose organisation code (positions 9–17) does not check.
        const string orgCodeMismatch = "91360704MA35X7K127";
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("warned.csv", [.. Rows(3), $"{orgCodeMismatch},110,202610,100"]);

        var summary = await bed.RunAsync();

        Assert.Equal(4, summary.Catalogs[ExchangeTestBed.Catalog].Accepted);
        var file = Assert.Single(summary.Files);
        Assert.Equal(1, file.Warnings);
        Assert.StartsWith("第 5 行：", file.FirstWarning);
        Assert.Contains("组织机构代码", file.FirstWarning);
        Assert.Contains("有效记录中 1 条有警告（第 5 行：", await File.ReadAllTextAsync(Path.Combine(bed.Archive, "warned.csv.处理结果.txt")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_still_being_copied_in_is_left_in_the_inbox_untouched_and_imported_whole_by_the_next_run(DatabaseProvider provider)
    {
        var appends = 0;
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s =>
            s.AddScoped<ISourceFileReader>(sp => new GrowingFileReader(ActivatorUtilities.CreateInstance<GanXian.CreditHub.Collect.SourceFileReader>(sp), () => appends++ == 0)));
        var path = bed.WriteFile("a.csv", Rows(10));

        var first = await bed.RunAsync();
        var file = Assert.Single(first.Files);
        Assert.Equal(FileImportOutcome.Deferred, file.Outcome);
        Assert.Contains(first.Messages, m => m.Contains("a.csv 留待下次处理"));
        Assert.True(File.Exists(path));
        Assert.Empty(bed.Held());
        Assert.Empty(await bed.RecordsAsync());
        Assert.DoesNotContain(await bed.AuditAsync(), e => e.Kind is "file.imported" or "record.collected");

        // The copy has finished (the reader appended one more row the first time): the whole file goes through once.
        var second = await bed.RunAsync();
        Assert.Equal(FileImportOutcome.Imported, Assert.Single(second.Files).Outcome);
        Assert.Equal(11, bed.Held().Count);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_the_file_system_will_not_give_is_left_for_the_next_run_and_the_other_files_go_through(DatabaseProvider provider)
    {
        var failures = 0;
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s =>
            s.AddScoped<ISourceFileReader>(sp => new FailingFileReader(ActivatorUtilities.CreateInstance<GanXian.CreditHub.Collect.SourceFileReader>(sp),
                path => Path.GetFileName(path) == "a.csv" && failures++ == 0)));
        bed.WriteFile("a.csv", Rows(5));
        bed.WriteFile("b.csv", Rows(5, from: 10));

        var first = await bed.RunAsync();
        Assert.Equal(ExchangeRunStatus.Completed, first.Status);
        Assert.Equal(FileImportOutcome.Deferred, first.Files.Single(f => f.FileName == "a.csv").Outcome);
        Assert.Contains(first.Messages, m => m.Contains("a.csv 留待下次处理") && m.Contains("设备未就绪"));
        Assert.Equal(5, bed.Held().Count);
        Assert.True(File.Exists(Path.Combine(bed.Inbox, "a.csv")));

        await bed.RunAsync();
        Assert.Equal(10, bed.Held().Count);
        Assert.Empty(Directory.GetFiles(bed.Inbox));
    }

    private sealed class FailingFileReader(ISourceFileReader inner, Func<string, bool> failThisTime) : ISourceFileReader
    {
        public IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path) => inner.TableSheetsOf(source, path);

        public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var fail = failThisTime(path);
            var n = 0;
            await foreach (var record in inner.ReadAsync(source, path, sheet, ct))
            {
                if (fail && ++n == 2)
                {
                    throw new IOException("设备未就绪");
                }

                yield return record;
            }
        }
    }

    [Fact]
    public async Task Exports_left_in_a_folder_inside_the_inbox_are_reported_not_silently_ignored()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, c => c["Collect:Sources:0:Archive"] = Path.Combine(c["Collect:Sources:0:Inbox"]!, "archive"));
        bed.WriteFile("a.csv", Rows(3));
        ExchangeTestBed.WriteExport(Path.Combine(bed.Inbox, "2026-11"), "b.csv", Rows(2, from: 10));
        ExchangeTestBed.WriteExport(Path.Combine(bed.Inbox, "2026-11", "补报"), "c.csv", Rows(2, from: 20));

        var summary = await bed.RunAsync();

        Assert.Equal(3, bed.Held().Count);
        var message = Assert.Single(summary.Messages, m => m.Contains("子目录"));
        Assert.Contains("“2026-11”中有 2 个文件未读取", message);
        // The archive folder inside the inbox holds a.csv and its note now, and is not reported.
        Assert.DoesNotContain(summary.Messages, m => m.Contains("“archive”"));
        Assert.DoesNotContain((await bed.RunAsync()).Messages, m => m.Contains("“archive”"));
    }

    /// <summary>The real reader, while another process is still appending to the file: the first read adds a row midway.</summary>
    private sealed class GrowingFileReader(ISourceFileReader inner, Func<bool> growThisTime) : ISourceFileReader
    {
        public IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path) => inner.TableSheetsOf(source, path);

        public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var grow = growThisTime();
            var n = 0;
            await foreach (var record in inner.ReadAsync(source, path, sheet, ct))
            {
                if (grow && ++n == 3)
                {
                    await File.AppendAllTextAsync(path, ExchangeTestBed.Export(Rows(11).Last()) + Environment.NewLine, ct);
                }

                yield return record;
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_unreadable_mid_stream_leaves_nothing_behind_and_is_rejected_with_an_explanation(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("broken.csv", [.. Rows(10), "#BROKEN", .. Rows(5, from: 20)]);

        var summary = await bed.RunAsync();

        Assert.Empty(await bed.RecordsAsync());
        Assert.Empty(await bed.QuarantineAsync(null));
        Assert.Equal(0, await bed.QueryAsync(db => db.Set<InputRow>().CountAsync()));
        Assert.Empty(bed.Held());
        Assert.True(File.Exists(Path.Combine(bed.Rejected, "broken.csv")));
        Assert.True(new FileInfo(Path.Combine(bed.Rejected, "broken.csv.错误说明.txt")).Length > 10);
        Assert.Contains(summary.Messages, m => m.Contains("已拒收"));
        var log = await bed.AuditAsync();
        Assert.Equal(["file.rejected"], log.Select(e => e.Kind)); // the rows staged before the failure left no trace
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transient_failures_and_commit_then_drop_leave_records_pending_and_the_same_batch_is_resent(DatabaseProvider provider)
    {
        // One batch at a time, so that the failure stops the push before anything else is sent.
        await using var bed = await ExchangeTestBed.StartAsync(provider, c =>
        {
            c["Exchange:BatchesInFlight"] = "1";
            c["Exchange:BatchesPerTransaction"] = "1";
            c["Exchange:PushLanes"] = "1";
        });
        bed.WriteFile("a.csv", Rows(50));
        bed.Sim.SetFaults(new SimulatorFaults { DropNext = 1 });

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.PendingRemain, first.Status);
        Assert.Equal(50, first.Catalogs[ExchangeTestBed.Catalog].Pending);
        Assert.Equal(20, bed.Held().Count); // the platform committed the first batch, the answer was lost
        var stored = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().SingleAsync());
        Assert.Equal(BatchStates.Stored, stored.State);

        bed.Sim.SetFaults(new SimulatorFaults { ErrorNext = 1 });
        Assert.Equal(ExchangeRunStatus.PendingRemain, (await bed.RunAsync()).Status);

        var third = await bed.RunAsync();
        Assert.Equal(ExchangeRunStatus.Completed, third.Status);
        Assert.Equal(0, third.Catalogs[ExchangeTestBed.Catalog].Pending);
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.Equal(3, bed.Sim.Stats.Batches);
        var batches = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().ToListAsync());
        Assert.All(batches, b => Assert.Equal(BatchStates.Receipted, b.State));
        Assert.Equal(3, batches.Single(b => b.Id == stored.Id).Attempts); // dropped, 503, answered: the same body each time
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal(RecordStates.Accepted, r.State));
        Assert.Equal(50, (await bed.AuditAsync()).Count(e => e.Kind == "record.accepted"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_signature_keeps_the_batch_stored_and_the_same_batch_is_resent_once_the_clock_is_right(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, c =>
        {
            c["Exchange:BatchesInFlight"] = "1";
            c["Exchange:BatchesPerTransaction"] = "1";
            c["Exchange:PushLanes"] = "1";
        });
        bed.WriteFile("a.csv", Rows(30));
        // The platform stores the first batch and the answer is lost; at the resend its clock has drifted (401 twice:
        // the hub re-signs once).
        bed.Sim.SetFaults(new SimulatorFaults { DropNext = 1 });
        Assert.Equal(ExchangeRunStatus.PendingRemain, (await bed.RunAsync()).Status);
        var stored = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().SingleAsync());
        bed.Sim.SetFaults(new SimulatorFaults { UnauthorizedNext = 2 });

        var refused = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Refused, refused.Status);
        Assert.Contains(refused.Messages, m => m.Contains("SIGNATURE_EXPIRED") && m.Contains("服务器时钟"));
        var batch = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().SingleAsync());
        Assert.Equal((stored.Id, BatchStates.Stored), (batch.Id, batch.State));
        Assert.Equal(20, (await bed.RecordsAsync()).Count(r => r.State == RecordStates.Sending && r.BatchId == stored.Id));
        Assert.DoesNotContain(await bed.AuditAsync(), e => e.Kind == "batch.failed");

        var last = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, last.Status);
        var batches = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().ToListAsync());
        // The stored batch got its receipt; its records were never cut into another batch.
        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.Equal(BatchStates.Receipted, b.State));
        Assert.Equal(2, bed.Sim.Stats.Batches);
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal(RecordStates.Accepted, r.State));
        Assert.Equal(30, (await bed.AuditAsync()).Count(e => e.Kind == "record.accepted"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_batch_in_a_pipelined_push_still_lets_the_batch_in_flight_be_applied(DatabaseProvider provider)
    {
        // Defaults: two batches in flight, four cut per transaction; 50 rows in batches of 20 → 20, 20, 10.
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", Rows(50));
        bed.Sim.SetFaults(new SimulatorFaults { DropNext = 1 });

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.PendingRemain, first.Status);
        // Which of the two batches in flight lost its answer depends on which reached the platform first; either way
        // the other one's receipt is applied, and every record is either accepted or travelling in a stored batch.
        var records = await bed.RecordsAsync();
        var stored = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().Where(b => b.State == BatchStates.Stored).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.Equal(50, records.Count(r => r.State is RecordStates.Accepted or RecordStates.Sending));
        Assert.Equal(stored.Sum(b => b.RecordCount), records.Count(r => r.State == RecordStates.Sending));
        Assert.All(records.Where(r => r.State == RecordStates.Sending), r => Assert.Contains(r.BatchId, stored.Select(b => b.Id)));
        Assert.All(records.Where(r => r.State == RecordStates.Accepted), r => Assert.Equal(r.ContentHash, bed.Held()[r.RecordId]));

        var second = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, second.Status);
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal(RecordStates.Accepted, r.State));
        var batches = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().ToListAsync());
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(BatchStates.Receipted, b.State));
        Assert.Equal(50, (await bed.AuditAsync()).Count(e => e.Kind == "record.accepted"));
    }

    [Fact]
    public async Task Two_push_lanes_send_every_record_once_keep_one_unbroken_chain_and_stop_together_after_a_failure()
    {
        // PostgreSQL only (SQLite pushes in one lane). 300 rows in batches of 20, two cut per transaction: two lanes,
        // each with two batches in flight.
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Postgres, c => c["Exchange:BatchesPerTransaction"] = "2");
        bed.WriteFile("a.csv", Rows(300));

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, first.Status);
        Assert.Equal((300L, 300L, 15), (first.Catalogs[ExchangeTestBed.Catalog].Sent, first.Catalogs[ExchangeTestBed.Catalog].Accepted, bed.Sim.Stats.Batches));
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());

        // New content for every record; the very first send fails. Nothing new is sent after it, in either lane.
        bed.WriteFile("b.csv", Rows(300, 5000m));
        bed.Sim.SetFaults(new SimulatorFaults { ErrorNext = 1 });
        var failed = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.PendingRemain, failed.Status);
        // When the first send failed, at most three others were on their way (two per lane), and one more may have
        // left in the instant before the failure was seen; without the stop, all fourteen others would be answered.
        Assert.True(bed.Sim.Stats.Batches - 15 <= 4, $"{bed.Sim.Stats.Batches - 15} batches answered in the failed run");
        var records = await bed.RecordsAsync();
        var stored = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().Where(b => b.State == BatchStates.Stored).ToListAsync());
        Assert.All(records, r => Assert.True(
            (r.State == RecordStates.Accepted && bed.Held()[r.RecordId] == r.ContentHash)
            || (r.State == RecordStates.Sending && stored.Any(b => b.Id == r.BatchId))
            || r.State == RecordStates.Pending,
            $"{r.RecordId}: {r.State}"));

        bed.Sim.SetFaults(new SimulatorFaults());
        var last = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, last.Status);
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal(RecordStates.Accepted, r.State));
        Assert.All(await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().ToListAsync()), b => Assert.Equal(BatchStates.Receipted, b.State));

        // The lanes appended from two connections into one chain: no gap, no fork, every hash recomputes.
        var log = await bed.AuditAsync();
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Seq));
        for (var i = 0; i < log.Count; i++)
        {
            Assert.Equal(i == 0 ? new byte[32] : log[i - 1].Hash, log[i].PrevHash);
            Assert.Equal(GanXian.CreditHub.AuditLog.AuditEncoding.EntryHash(log[i], log[i].PrevHash), log[i].Hash);
        }

        Assert.Equal(600, log.Count(e => e.Kind == "record.accepted"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_circuit_ends_the_run_cleanly(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, c =>
        {
            c["Platform:CircuitBreakerMinimumThroughput"] = "2";
            c["Platform:CircuitBreakerBreakDuration"] = "00:00:00.500";
        });
        bed.WriteFile("a.csv", Rows(10));
        bed.Sim.SetFaults(new SimulatorFaults { Maintenance = true });

        var statuses = new List<ExchangeRunStatus>();
        for (var i = 0; i < 5 && !statuses.Contains(ExchangeRunStatus.CircuitOpen); i++)
        {
            var summary = await bed.RunAsync();
            statuses.Add(summary.Status);
            Assert.Equal(10, summary.Catalogs[ExchangeTestBed.Catalog].Pending);
            if (summary.Status == ExchangeRunStatus.CircuitOpen)
            {
                Assert.Contains(summary.Messages, m => m.Contains("熔断"));
            }
        }

        Assert.Equal(ExchangeRunStatus.CircuitOpen, statuses[^1]);
        bed.Sim.ClearFaults();
        await Task.Delay(700); // let the breaker half-open
        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync(ExchangeRunMode.PushOnly)).Status);
        Assert.Equal(10, bed.Held().Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dry_run_changes_nothing(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [.. Rows(25), ",110,202610,1"]);

        var summary = await bed.RunAsync(dryRun: true);

        var s = summary.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((26, 25, 1, 25, 0), (s.Read, s.Valid, s.Quarantined, s.Pending, s.Sent));
        Assert.EndsWith("将发送 25（未发送，未改变任何状态）。", summary.OneLine(), StringComparison.Ordinal);
        Assert.Empty(await bed.RecordsAsync());
        Assert.Empty(await bed.QuarantineAsync(null));
        Assert.Empty(await bed.AuditAsync());
        Assert.Equal(0, bed.Sim.Stats.Batches);
        Assert.True(File.Exists(Path.Combine(bed.Inbox, "a.csv")));
        Assert.Equal(26, (await bed.RunAsync()).Catalogs[ExchangeTestBed.Catalog].Read);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_a_corrected_file_clears_the_matching_quarantine_items(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [.. Rows(5), $"{Employer},120,202610,abc", ",110,202610,7"]);
        await bed.RunAsync();
        Assert.Equal(2, (await bed.QuarantineAsync()).Count);

        bed.WriteFile("a.csv", [.. Rows(5), $"{Employer},120,202610,12.5", $"{Employer},210,202610,7"]);
        await bed.RunAsync();

        Assert.Empty(await bed.QuarantineAsync());
        Assert.Equal(2, (await bed.QuarantineAsync(QuarantineStatuses.Cleared)).Count);
        Assert.Equal(7, bed.Held().Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Platform_rejections_and_feedback_become_quarantine_items(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, testReader: true);
        bed.Sim.InjectFeedback(ExchangeTestBed.Catalog, RecordId(0), "DATA_MISMATCH", "与税务部门数据不一致");
        bed.WriteFile("a.csv", [.. Rows(4), $"{BadCode},110,202610,1"]);

        var summary = await bed.RunAsync();

        var s = summary.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((5, 4, 1, 1L), (s.Sent, s.Accepted, s.Rejected, s.Feedback));
        var items = await bed.QuarantineAsync();
        Assert.Equal([QuarantineKinds.Platform, QuarantineKinds.Feedback], items.Select(i => i.Kind));
        Assert.Equal(("INVALID_USCC", "TYSHXYDM", 6L), (items[0].Rule, items[0].Field, items[0].SourceRow));
        Assert.Equal(RecordId(0), items[1].RecordId);
        var records = (await bed.RecordsAsync()).ToDictionary(r => r.RecordId);
        Assert.Equal(RecordStates.Rejected, records[RecordId(0)].State);
        Assert.Equal(RecordStates.Rejected, records[$"{BadCode}-110-202610"].State);
        Assert.DoesNotContain($"{BadCode}-110-202610", bed.Held().Keys);

        // Acknowledged feedback does not come back.
        await bed.RunAsync(ExchangeRunMode.FeedbackOnly);
        Assert.Equal(2, (await bed.QuarantineAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_runs_never_overlap(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        var theLock = bed.Hub.Services.GetRequiredService<IDistributedLock>();
        await using (await theLock.TryAcquireAsync(ExchangeRunner.LockName, CancellationToken.None))
        {
            Assert.Equal(ExchangeRunStatus.LockBusy, (await bed.RunAsync()).Status);
        }

        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_id_number_in_the_credit_code_column_reaches_the_log_masked(DatabaseProvider provider)
    {
        // An officer exporting a sole trader by the owner's ID number, in a file named after it: the row is
        // quarantined (not a credit code), and neither its entity key nor the file name in the detail is kept whole.
        const string id = "360721198506123015";
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile($"个体户{id}.csv", [.. Rows(2), $"{id},110,202610,100"]);

        await bed.RunAsync();

        var log = await bed.AuditAsync();
        var quarantined = Assert.Single(log, e => e.Kind == "record.quarantined");
        Assert.Equal("360721********3015", quarantined.EntityKey);
        Assert.Contains("360721********3015", quarantined.Detail);
        Assert.DoesNotContain(log, e => $"{e.EntityKey}|{e.Detail}|{e.Actor}".Contains(id, StringComparison.Ordinal));
        Assert.Equal(2, log.Count(e => e.Kind == "record.accepted" && e.EntityKey == Employer));
    }
}
