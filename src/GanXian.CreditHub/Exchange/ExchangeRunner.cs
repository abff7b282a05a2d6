using GanXian.CreditHub.Hosting;
using Microsoft.EntityFrameworkCore;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Platform;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The hub's main job. Holds the database lock <c>exchange</c> for the whole run; then, per configured source, imports
/// each new inbox file (oldest first), pushes every catalogue with pending records (unanswered batches first), and pulls
/// problem-data feedback. Each step commits its own state, so a crash anywhere is resumed by the next run.
/// </summary>
public sealed class ExchangeRunner(
    CreditHubDbContext db,
    IDistributedLock distributedLock,
    IAuditCheckpoints checkpoints,
    IServiceProvider services,
    IOptions<ExchangeOptions> options,
    CollectSources sources,
    IOptions<PlatformOptions> platform,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<ExchangeRunner> log)
{
    public const string LockName = "exchange";

    public async Task<ExchangeSummary> RunAsync(ExchangeRunRequest request, IProgress<string>? progress, CancellationToken ct)
    {
        var summary = new ExchangeSummary { DryRun = request.DryRun };
        await using var handle = await distributedLock.TryAcquireAsync(LockName, ct);
        if (handle is null)
        {
            summary.Status = ExchangeRunStatus.LockBusy;
            summary.Messages.Add("另一次交换正在运行（数据库锁 exchange 已被占用），本次未执行。");
            return summary;
        }

        try
        {
            return await RunLockedAsync(request, summary, progress, ct);
        }
        finally
        {
            if (!request.DryRun)
            {
                await CheckpointAsync(summary);
            }
        }
    }

    /// <summary>
    /// Signs the heads of the chains this run grew (docs/audit-log.md, "Checkpoints"), also after a failed or cancelled
    /// run: whatever it committed is then covered. A failure to sign does not undo the run; it is logged and reported.
    /// </summary>
    private async Task CheckpointAsync(ExchangeSummary summary)
    {
        var (written, error) = await checkpoints.WriteAtEndOfRunAsync("exchange-run", log);
        summary.Messages.AddRange(written.Select(c => $"已签署{ChainNames.Chinese(c.Chain)}检查点：第 {c.Seq} 号"));
        if (error is not null)
        {
            summary.Messages.Add($"未能签署审计日志检查点：{error}（交换结果已保存；请运行 audit checkpoint 补签）");
        }
    }

    private async Task<ExchangeSummary> RunLockedAsync(ExchangeRunRequest request, ExchangeSummary summary, IProgress<string>? progress, CancellationToken ct)
    {
        var sql = new ExchangeSql(db);
        if (request.Mode == ExchangeRunMode.Full)
        {
            await TimedAsync(summary, "导入", () => ImportAllAsync(sql, request, summary, progress, ct));
        }

        if (request.DryRun)
        {
            foreach (var (catalog, pending) in await PendingAsync(sql, ct))
            {
                summary.For(catalog).Pending += pending;
            }

            foreach (var f in summary.Files)
            {
                summary.For(f.Catalog).Pending += f.Changed;
            }

            return summary;
        }

        // Platform:Mode=EmbeddedSimulator: the in-process simulator lives for this run (joined if already running).
        await using var simulator = await EmbeddedSimulator.StartIfConfiguredAsync(services, ct);
        if (request.Mode != ExchangeRunMode.FeedbackOnly)
        {
            await TimedAsync(summary, "发送", () => PushAllAsync(sql, request, summary, progress, ct));
        }

        if (request.Mode != ExchangeRunMode.PushOnly && summary.Status is ExchangeRunStatus.Completed or ExchangeRunStatus.Refused)
        {
            await TimedAsync(summary, "拉取反馈", () => PullFeedbackAsync(sql, request, summary, progress, ct));
        }

        foreach (var catalog in summary.Catalogs.Keys.ToList())
        {
            summary.For(catalog).Pending = 0;
        }

        foreach (var (catalog, pending) in await PendingAsync(sql, ct))
        {
            summary.For(catalog).Pending = pending;
        }

        log.LogInformation("交换结束：{Summary} {Phases}", summary.OneLine(), summary.PhasesLine());
        return summary;
    }

    /// <summary>Wall time from the injected clock; CPU time of the whole process (every thread), for operators and benchmarks.</summary>
    private async Task TimedAsync(ExchangeSummary summary, string name, Func<Task> phase)
    {
        var start = clock.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        try
        {
            await phase();
        }
        finally
        {
            summary.Phases.Add(new PhaseTiming(name, clock.GetElapsedTime(start), Environment.CpuUsage.TotalTime - cpu));
        }
    }

    private async Task ImportAllAsync(ExchangeSql sql, ExchangeRunRequest request, ExchangeSummary summary, IProgress<string>? progress, CancellationToken ct)
    {
        var importer = ActivatorUtilities.CreateInstance<FileImporter>(services, sql);
        foreach (var source in sources.All.Select(Resolve))
        {
            Directory.CreateDirectory(source.Inbox);
            // Never on a real platform unless asked for explicitly: sample data must not reach the province by accident.
            if (request.UseSampleInbox || (options.Value.UseSampleInbox && !platform.Value.IsRemote))
            {
                await CopySamplesAsync(sql, source, progress, ct);
            }

            var files = new DirectoryInfo(source.Inbox).EnumerateFiles()
                .Where(f => Collect.TabularFiles.IsInboxCandidate(f.Name))
                .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
            var counts = summary.For(source.Catalog);
            ReportSubfolders(source, summary);
            foreach (var file in files)
            {
                progress?.Report($"读取 {source.Name}/{file.Name} …");
                FileImportResult result;
                try
                {
                    result = await importer.ImportAsync(source, file.FullName, request.Actor, request.DryRun, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
                {
                    // The file system's trouble with one file (moved away meanwhile, no permission, an archive folder
                    // that cannot be written) is that file's: its transaction is rolled back, the others go on, and the
                    // next run tries it again. A hash already committed makes that retry only move the file.
                    log.LogWarning("文件 {File} 暂时无法处理，留待下次：{Reason}", file.Name, PersonalIdRedactor.Mask(ex.Message));
                    result = new FileImportResult(source.Catalog, file.Name, FileImportOutcome.Deferred,
                        Message: $"文件暂时无法读取或移动（{PersonalIdRedactor.Mask(ex.Message)}），下次交换时再处理；同一内容不会重复导入。");
                }

                summary.Files.Add(result);
                counts.Read += result.Read;
                counts.Valid += result.Valid;
                counts.Quarantined += result.Quarantined;
                counts.Unchanged += result.Unchanged;
                switch (result.Outcome)
                {
                    case FileImportOutcome.Rejected:
                        summary.Messages.Add($"文件 {file.Name} 已拒收：{result.Message}");
                        break;
                    case FileImportOutcome.AlreadyImported:
                        summary.Messages.Add($"文件 {file.Name} 的内容此前已处理，未重复处理。");
                        break;
                    case FileImportOutcome.Deferred:
                        summary.Messages.Add($"文件 {file.Name} 留待下次处理：{result.Message}");
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Exports dropped into a folder inside the inbox (a dated "2026-11" folder, a copied directory) are not read: only
    /// the inbox's own files are, so that archive and rejected folders placed inside it are never read again. Saying so
    /// keeps them from waiting unnoticed.
    /// </summary>
    private static void ReportSubfolders(SourceDefinition source, ExchangeSummary summary)
    {
        var own = new[] { source.Archive, source.Rejected }.Select(p => Path.GetFullPath(p).TrimEnd(Path.DirectorySeparatorChar)).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in new DirectoryInfo(source.Inbox).EnumerateDirectories())
        {
            if (folder.Name.StartsWith('.') || own.Contains(folder.FullName.TrimEnd(Path.DirectorySeparatorChar)))
            {
                continue;
            }

            var waiting = folder.EnumerateFiles("*", SearchOption.AllDirectories).Count(f => Collect.TabularFiles.IsInboxCandidate(f.Name));
            if (waiting > 0)
            {
                summary.Messages.Add($"收件目录 {source.Name} 下的子目录“{folder.Name}”中有 {waiting} 个文件未读取：只读取直接放在收件目录中的文件，请把它们移到收件目录 {source.Inbox}。");
            }
        }
    }

    /// <summary>The embedded demo: a source that has never imported anything gets the shipped sample files.</summary>
    private async Task CopySamplesAsync(ExchangeSql sql, SourceDefinition source, IProgress<string>? progress, CancellationToken ct)
    {
        var samples = Path.Combine(Path.GetFullPath(options.Value.SampleInbox, AppContext.BaseDirectory), source.Name);
        if (!Directory.Exists(samples) || Directory.EnumerateFiles(source.Inbox).Any())
        {
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        if (await sql.ScalarAsync<long>("SELECT COUNT(*) FROM exchange_files WHERE source = @s", ct, ("@s", source.Name)) > 0)
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(samples))
        {
            File.Copy(file, Path.Combine(source.Inbox, Path.GetFileName(file)), overwrite: false);
        }

        progress?.Report($"已将示例文件复制到收件目录 {source.Inbox}");
    }

    private async Task PushAllAsync(ExchangeSql sql, ExchangeRunRequest request, ExchangeSummary summary, IProgress<string>? progress, CancellationToken ct)
    {
        var pusher = ActivatorUtilities.CreateInstance<BatchPusher>(services, sql);
        foreach (var catalog in await CatalogsToPushAsync(sql, ct))
        {
            progress?.Report($"发送 {catalog} …");
            var counts = new PushCounts();
            var (outcome, error) = await pusher.PushAsync(catalog, request.Actor, counts, ct);
            var s = summary.For(catalog);
            s.Sent += counts.Sent;
            s.Accepted += counts.Accepted;
            s.Rejected += counts.Rejected;
            s.Batches += counts.Batches;
            if (counts.OtherContent + counts.OtherContentAgain > 0)
            {
                // The run completes, but what the platform holds is not what was sent: an operator must hear of it.
                summary.Messages.Add($"{catalog}：平台回执中有记录的内容摘要与本系统发送的不符，未记为已公示（两个摘要见审计日志“{AuditKinds.Label("record.content-mismatch")}”）：" +
                    string.Join("，", new[]
                    {
                        counts.OtherContent > 0 ? $"{counts.OtherContent} 条待下次重新发送" : null,
                        counts.OtherContentAgain > 0 ? $"{counts.OtherContentAgain} 条重新发送后仍不符，已转入隔离记录待核对" : null,
                    }.OfType<string>()) + "。");
            }

            if (counts.ExpiredUnsent > 0)
            {
                summary.Messages.Add($"{catalog}：{counts.ExpiredUnsent} 条记录发送前公示期已满，未发送（记为已撤回，原因“{WithdrawReasons.Expired}”）。");
            }

            switch (outcome)
            {
                case PushOutcome.Interrupted:
                    summary.Status = Worse(summary.Status, ExchangeRunStatus.PendingRemain);
                    summary.Messages.Add($"{catalog}：平台暂时不可用（{error}），未完成的记录留待下次重试。");
                    break;
                case PushOutcome.Refused:
                    summary.Status = Worse(summary.Status, ExchangeRunStatus.Refused);
                    summary.Messages.Add($"{catalog}：{error}");
                    break;
                case PushOutcome.CircuitOpen:
                    summary.Status = Worse(summary.Status, ExchangeRunStatus.CircuitOpen);
                    summary.Messages.Add($"{catalog}：平台连续失败，熔断已打开（{error}）；本次交换提前结束，未发送的记录留待下次。");
                    return;
            }
        }
    }

    private async Task PullFeedbackAsync(ExchangeSql sql, ExchangeRunRequest request, ExchangeSummary summary, IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report("拉取问题数据反馈 …");
        var puller = ActivatorUtilities.CreateInstance<FeedbackPuller>(services, sql);
        var perCatalog = new Dictionary<string, long>();
        try
        {
            await puller.PullAsync(request.Actor, perCatalog, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not System.Data.Common.DbException)
        {
            var kind = PlatformFailure.Classify(ex);
            summary.Status = Worse(summary.Status, kind == PlatformFailureKind.CircuitOpen ? ExchangeRunStatus.CircuitOpen : ExchangeRunStatus.PendingRemain);
            summary.Messages.Add($"拉取问题数据反馈失败（{PlatformFailure.Describe(ex)}），下次运行再拉取。");
        }

        foreach (var (catalog, n) in perCatalog)
        {
            summary.For(catalog).Feedback += n;
        }
    }

    private SourceDefinition Resolve(SourceDefinition s) => SourceFolders.Resolve(s, environment.ContentRootPath);

    private static ExchangeRunStatus Worse(ExchangeRunStatus a, ExchangeRunStatus b) => (ExchangeRunStatus)Math.Max((int)a, (int)b);

    private async Task<List<string>> CatalogsToPushAsync(ExchangeSql sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var list = new List<string>();
        await using var cmd = sql.Command(
            "SELECT DISTINCT catalog FROM exchange_records WHERE state IN ('pending', 'sending') OR (state = 'accepted' AND publish_until IS NOT NULL) " +
            "UNION SELECT DISTINCT catalog FROM exchange_batches WHERE state = 'stored' ORDER BY 1");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private async Task<Dictionary<string, long>> PendingAsync(ExchangeSql sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var result = new Dictionary<string, long>();
        await using var cmd = sql.Command("SELECT catalog, COUNT(*) FROM exchange_records WHERE state IN ('pending', 'sending') GROUP BY catalog");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[r.GetString(0)] = r.GetInt64(1);
        }

        return result;
    }
}
