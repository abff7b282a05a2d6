using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Reconciliation;

/// <summary>
/// Reads back every catalogue from the platform (PLATFORM-API.md §5), compares it with what the hub believes is
/// published, and repairs each difference through the exchange's own path: the record is put back to pending with the
/// operation that restores the hub's view (upsert of its latest content, or withdraw), and an exchange push sends it in
/// a stored batch with receipts and log entries like any other. The comparison holds the lock <c>exchange</c>, so no
/// exchange run changes either side while it is read.
/// </summary>
public sealed class Reconciler(
    CreditHubDbContext db,
    IServiceProvider services,
    IDistributedLock locks,
    IAuditLog audit,
    IAuditCheckpoints checkpoints,
    ExchangeRunner runner,
    TimeProvider clock,
    ILogger<Reconciler> log)
{
    private const int PageSize = 1000;

    public async Task<ReconciliationReport> RunAsync(string actor, bool dryRun, CancellationToken ct)
    {
        var report = new ReconciliationReport { DryRun = dryRun };

        // Platform:Mode=EmbeddedSimulator: the in-process simulator lives for the comparison and the repair push (which
        // joins it); the client can only be built once it runs.
        await using var simulator = await EmbeddedSimulator.StartIfConfiguredAsync(services, ct);
        var api = services.GetRequiredService<IPlatformApi>();
        await using (var held = await locks.TryAcquireAsync(ExchangeRunner.LockName, ct))
        {
            if (held is null)
            {
                report.Status = ReconciliationStatus.LockBusy;
                return report;
            }

            try
            {
                foreach (var catalog in await CatalogsAsync(api, ct))
                {
                    await CompareAsync(api, catalog, report, ct);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is PlatformException or HttpRequestException or IOException or TimeoutException or TaskCanceledException)
            {
                report.Status = ReconciliationStatus.PlatformUnavailable;
                report.Error = PlatformFailure.Describe(ex);
                report.Differences.Clear();
                log.LogWarning("对账读取平台数据失败：{Error}", report.Error);
                return report;
            }

            if (!dryRun)
            {
                await MarkForRepairAsync(report, actor, ct);
            }
        }

        if (!dryRun && report.Differences.Count > 0)
        {
            report.Repair = await runner.RunAsync(new ExchangeRunRequest(ExchangeRunMode.PushOnly, actor), progress: null, ct);
        }
        else if (!dryRun)
        {
            // The repair push signs its checkpoint; without one, the report this run logged is signed here.
            await checkpoints.WriteAtEndOfRunAsync("reconcile-run", log);
        }

        log.LogInformation("{Report}", report.OneLine());
        return report;
    }

    /// <summary>Every catalogue the platform defines, plus any the hub holds records of (a retired catalogue still has to be checked).</summary>
    private async Task<List<string>> CatalogsAsync(IPlatformApi api, CancellationToken ct)
    {
        var platform = (await api.GetCatalogsAsync(ct)).Select(c => c.Code);
        var hub = await db.Set<ExchangeRecord>().Select(r => r.Catalog).Distinct().ToListAsync(ct);
        return platform.Union(hub).Order(StringComparer.Ordinal).ToList();
    }

    private async Task CompareAsync(IPlatformApi api, string catalog, ReconciliationReport report, CancellationToken ct)
    {
        var platform = new Dictionary<string, PlatformRecord>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await api.GetRecordsAsync(catalog, updatedSince: null, cursor, PageSize, ct);
            foreach (var item in page.Items)
            {
                platform[item.RecordId] = item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        report.PlatformRecords += platform.Count;
        var today = clock.Today();
        var hub = await db.Set<ExchangeRecord>().AsNoTracking().Where(r => r.Catalog == catalog)
            .Select(r => new { r.RecordId, r.State, r.ContentHash, r.PublishUntil })
            .ToListAsync(ct);
        foreach (var r in hub)
        {
            platform.Remove(r.RecordId, out var p);
            var published = p?.Status == PlatformRecord.Published;
            switch (r.State)
            {
                // In an expired record the push withdraws it anyway; pending and sending records are on their way; a
                // rejected record is an officer's work (its quarantine item says why).
                case RecordStates.Accepted when r.PublishUntil is null || r.PublishUntil >= today:
                    report.Checked++;
                    var kind = p is null ? DifferenceKind.MissingAtPlatform
                        : !published ? DifferenceKind.WithdrawnAtPlatform
                        : p.ContentHash != r.ContentHash ? DifferenceKind.ContentDiffers
                        : (DifferenceKind?)null;
                    if (kind is { } k)
                    {
                        report.Differences.Add(new ReconciliationDifference(catalog, r.RecordId, k, r.ContentHash, p?.ContentHash));
                    }

                    break;
                case RecordStates.Withdrawn:
                    report.Checked++;
                    if (published)
                    {
                        report.Differences.Add(new ReconciliationDifference(catalog, r.RecordId, DifferenceKind.PublishedButWithdrawnInHub, null, p!.ContentHash));
                    }

                    break;
                default:
                    report.Skipped++;
                    break;
            }
        }

        foreach (var p in platform.Values.Where(p => p.Status == PlatformRecord.Published).OrderBy(p => p.RecordId, StringComparer.Ordinal))
        {
            report.Differences.Add(new ReconciliationDifference(catalog, p.RecordId, DifferenceKind.UnknownToHub, null, p.ContentHash));
        }
    }

    /// <summary>
    /// Puts every differing record back to pending with its repair operation, and writes the report to the exchange log,
    /// in one transaction. A record whose state changed since it was compared is left alone (the exchange got there first).
    /// </summary>
    private async Task MarkForRepairAsync(ReconciliationReport report, string actor, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var events = new List<LogEvent>();
        foreach (var d in report.Differences)
        {
            if (d.Kind == DifferenceKind.UnknownToHub)
            {
                // The hub keeps a row for it so the withdrawal travels, and is receipted, like any other record.
                var empty = new JsonObject();
                db.Set<ExchangeRecord>().Add(new ExchangeRecord
                {
                    Catalog = d.Catalog, RecordId = d.RecordId, Data = "{}", ContentHash = CanonicalJson.ContentHash(empty),
                    State = RecordStates.Pending, Op = BatchRecord.Withdraw, WithdrawReason = WithdrawReasons.Reconciliation, UpdatedAt = now,
                });
            }
            else
            {
                var expected = d.Kind == DifferenceKind.PublishedButWithdrawnInHub ? RecordStates.Withdrawn : RecordStates.Accepted;
                await db.Set<ExchangeRecord>()
                    .Where(r => r.Catalog == d.Catalog && r.RecordId == d.RecordId && r.State == expected)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RecordStates.Pending).SetProperty(r => r.Op, d.Repair)
                        .SetProperty(r => r.WithdrawReason, d.Repair == BatchRecord.Withdraw ? WithdrawReasons.Reconciliation : null).SetProperty(r => r.UpdatedAt, now), ct);
            }

            events.Add(new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "reconcile.difference", Actor = actor, Catalog = d.Catalog, RecordId = d.RecordId,
                State = RecordStates.Pending, PayloadHash = d.PlatformHash, Detail = $"{ReconciliationReport.Key(d.Kind)}：{d.Describe()}",
            });
        }

        await db.SaveChangesAsync(ct);
        events.Add(new LogEvent { Chain = LogChain.Exchange, Kind = "reconcile.report", Actor = actor, State = "completed", Detail = report.OneLine() });
        await audit.AppendAsync(db, events, ct);
        await tx.CommitAsync(ct);
    }
}
