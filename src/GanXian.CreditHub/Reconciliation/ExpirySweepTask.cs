using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Reconciliation;

/// <summary>
/// <c>expiry-sweep</c>: whatever is past its publication or validity end (<see cref="ExchangeRecord.PublishUntil"/>
/// before today in Asia/Shanghai) and still published is withdrawn at the platform (DOMAIN.md §3–§4). The exchange's
/// push marks accepted records past their end for withdrawal and sends them in stored batches (reason 期满); this task
/// adds the published records the push would not catch (a newer version pending or rejected while the old one is still
/// shown), runs that push, and reports how many left the platform. Anything a transient failure leaves unsent stays
/// pending for the next run; a second run finds nothing to do.
/// </summary>
internal sealed class ExpirySweepTask(
    CreditHubDbContext db, ExchangeRunner runner, IDistributedLock locks, IAuditLog audit, TimeProvider clock, ILogger<ExpirySweepTask> log) : IScheduledTask
{
    public string JobType => "expiry-sweep";

    public async Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
    {
        var actor = ReconciliationTask.Actor(context);
        var today = clock.Today();
        await using (var held = await locks.TryAcquireAsync(ExchangeRunner.LockName, ct))
        {
            if (held is null)
            {
                return ScheduledTaskResult.Skip("到期清理未执行：另一次交换正在运行（数据库锁 exchange 已被占用），下次再清理。");
            }

            await MarkSupersededVersionsAsync(today, actor, ct);
        }

        var expired = await ExpiredAndPublished(today).CountAsync(ct);
        if (expired == 0)
        {
            return ScheduledTaskResult.Ok("到期清理：没有期满仍在公示的记录。", Counts(0, 0));
        }

        var push = await runner.RunAsync(new ExchangeRunRequest(ExchangeRunMode.PushOnly, actor), progress: null, ct);
        var remaining = await ExpiredAndPublished(today).CountAsync(ct);
        var line = $"到期清理：期满仍在公示 {expired} 条，已在平台撤回 {expired - remaining} 条，待下次重试 {remaining} 条。 {push.OneLine()}" +
                   (push.Messages.Count > 0 ? " " + string.Join(" ", push.Messages) : "");
        log.LogInformation("{Summary}", line);
        return remaining == 0 && push.Status == ExchangeRunStatus.Completed
            ? ScheduledTaskResult.Ok(line, Counts(expired, expired - remaining))
            : ScheduledTaskResult.Failed(line, Counts(expired, expired - remaining));
    }

    private static Dictionary<string, long> Counts(long expired, long withdrawn) =>
        new() { ["expired"] = expired, ["withdrawn"] = withdrawn, ["pending"] = expired - withdrawn };

    /// <summary>Past its end and, as far as the hub knows, still shown by the platform (or on its way to being withdrawn).</summary>
    private IQueryable<ExchangeRecord> ExpiredAndPublished(DateOnly today) =>
        db.Set<ExchangeRecord>().AsNoTracking().Where(r => r.PublishUntil != null && r.PublishUntil < today && (
            r.State == RecordStates.Accepted ||
            (r.Op == BatchRecord.Withdraw && (r.State == RecordStates.Pending || r.State == RecordStates.Sending)) ||
            (r.Op == BatchRecord.Upsert && r.AcceptedHash != null && (r.State == RecordStates.Pending || r.State == RecordStates.Rejected))));

    /// <summary>
    /// A record with an accepted version at the platform whose newer version is pending or was rejected: the push
    /// would resend (or keep) the upsert, so the old version would stay published past its end. Withdraw it instead.
    /// </summary>
    private async Task MarkSupersededVersionsAsync(DateOnly today, string actor, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var records = await db.Set<ExchangeRecord>()
            .Where(r => r.PublishUntil != null && r.PublishUntil < today && r.Op == BatchRecord.Upsert && r.AcceptedHash != null &&
                        (r.State == RecordStates.Pending || r.State == RecordStates.Rejected))
            .ToListAsync(ct);
        if (records.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var r in records)
        {
            (r.Op, r.WithdrawReason, r.State, r.UpdatedAt) = (BatchRecord.Withdraw, WithdrawReasons.Expired, RecordStates.Pending, now);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, records.Select(r => new LogEvent
        {
            Chain = LogChain.Exchange, Kind = "record.expired", Actor = actor, Catalog = r.Catalog, RecordId = r.RecordId, EntityKey = r.EntityKey,
            State = RecordStates.Pending, Detail = "公示期满，待撤回（未发送的新版本不再发送）",
        }).ToList(), ct);
        await tx.CommitAsync(ct);
    }
}
