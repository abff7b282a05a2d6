using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

public enum RecordActionOutcome
{
    Done,
    NotFound,
    Conflict,
    Invalid,
}

public sealed record RecordActionResult(RecordActionOutcome Outcome, string Message, ExchangeRecord? Record = null);

/// <summary>
/// An officer takes a record off public display: a penalty decision changed, revoked or found illegal must leave the
/// platform within 3 days (《行政处罚法》 art. 48, DOMAIN.md §4), and no export says so. A published record becomes a
/// pending withdrawal with the officer's reason, which the next push (or "立即发送") sends; one the platform never
/// held is withdrawn here and never sent. Either way the withdrawal stands: later exports and corrections update the
/// record's data but do not publish it again (<see cref="ExchangeRecord.WithdrawnBy"/>). The record's open quarantine
/// items are closed, since a corrected version would not be published either. One transaction with its log entry.
/// </summary>
public sealed class RecordActions(CreditHubDbContext db, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 200;

    public async Task<RecordActionResult> WithdrawAsync(string recordId, string? reason, string actor, CancellationToken ct)
    {
        // The reason goes to the platform and into the log: an ID number typed into it is masked, as everywhere.
        reason = reason is null ? null : PersonalIdRedactor.Mask(reason.Trim());
        if (string.IsNullOrEmpty(reason))
        {
            return new(RecordActionOutcome.Invalid, "请填写撤回原因（如“处罚决定已撤销”），平台会随撤回一并记录");
        }

        if (reason.Length > MaxReasonLength)
        {
            return new(RecordActionOutcome.Invalid, $"撤回原因最多 {MaxReasonLength} 个字，现为 {reason.Length} 个字");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var catalog = Mapping.RecordIds.CatalogOf(recordId);
        var record = await db.Set<ExchangeRecord>().FirstOrDefaultAsync(r => r.Catalog == catalog && r.RecordId == recordId, ct);
        if (record is null)
        {
            return new(RecordActionOutcome.NotFound, $"记录 {PersonalIdRedactor.Mask(recordId)} 不存在");
        }

        if (record.WithdrawnBy is not null)
        {
            return new(RecordActionOutcome.Conflict, $"记录已由 {record.WithdrawnBy} 撤回公示（原因：{record.WithdrawReason}）", record);
        }

        if (record.State == RecordStates.Sending)
        {
            return new(RecordActionOutcome.Conflict, "记录正在发送，等待平台回执后再撤回（下次交换或“立即发送”之后）", record);
        }

        if (record.State == RecordStates.Withdrawn)
        {
            return new(RecordActionOutcome.Conflict, $"记录已撤回公示（原因：{record.WithdrawReason ?? WithdrawReasons.Expired}）", record);
        }

        var now = clock.GetUtcNow();
        var published = record.AcceptedHash is not null;
        (record.Op, record.WithdrawReason, record.WithdrawnBy, record.UpdatedAt) = (BatchRecord.Withdraw, reason, actor, now);
        record.State = published ? RecordStates.Pending : RecordStates.Withdrawn;
        var open = await db.Set<QuarantineItem>()
            .Where(i => i.Catalog == record.Catalog && i.RecordId == record.RecordId && i.Status == QuarantineStatuses.Open).ToListAsync(ct);
        foreach (var item in open)
        {
            (item.Status, item.ResolvedAt, item.ResolvedBy, item.Note) = (QuarantineStatuses.Dismissed, now, actor, $"记录已撤回公示：{reason}");
        }

        await db.SaveChangesAsync(ct);
        var detail = published ? $"撤回公示，待发送：{reason}" : $"撤回，平台从未公示，不发送：{reason}";
        await audit.AppendAsync(db,
        [
            new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "record.withdraw-requested", Actor = actor, Catalog = record.Catalog, RecordId = record.RecordId,
                EntityKey = record.EntityKey, State = record.State, Detail = open.Count > 0 ? $"{detail}（关闭隔离记录 {string.Join("、", open.Select(i => i.Id))}）" : detail,
            },
        ], ct);
        await tx.CommitAsync(ct);
        return new(RecordActionOutcome.Done,
            published ? "已标记撤回，将在下次交换（或“立即发送”）时通知平台" : "平台从未公示此记录，已撤回，不会发送", record);
    }
}
