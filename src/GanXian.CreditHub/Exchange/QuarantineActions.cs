using System.Security.Claims;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Mapping;
using Microsoft.AspNetCore.Authorization;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

/// <summary>What an officer's correction or dismissal of a quarantine item came to.</summary>
public enum QuarantineOutcome
{
    Done,
    NotFound,

    /// <summary>The item is no longer open (corrected, dismissed, cleared or superseded meanwhile).</summary>
    NotOpen,

    /// <summary>The corrected data still breaks a rule: <see cref="QuarantineResult.Issues"/> says which.</summary>
    Invalid,
}

public sealed record QuarantineResult(QuarantineOutcome Outcome, string Message, IReadOnlyList<RecordIssue>? Issues = null, ExchangeRecord? Record = null);

/// <summary>
/// An officer's decisions on quarantine items, shared by the JSON API and the web pages: a correction validates the
/// new data with the catalogue's rules and makes the record pending; a dismissal closes the item. Each is one
/// transaction with its exchange-log entry.
/// </summary>
public sealed class QuarantineActions(CreditHubDbContext db, IRecordRules rules, MappingRegistry mappings, IAuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Replaces the item's data with <paramref name="data"/>, or with <paramref name="merge"/> applies it to the stored
    /// data as a JSON merge patch (RFC 7396: given fields replace, null removes, the rest stays), so a client can correct
    /// the one field that was wrong.
    /// </summary>
    public async Task<QuarantineResult> CorrectAsync(long id, JsonObject? data, string? note, string actor, CancellationToken ct, bool merge = false)
    {
        var item = await db.Set<QuarantineItem>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (item is null)
        {
            return new(QuarantineOutcome.NotFound, $"隔离记录 {id} 不存在");
        }

        if (item.Status != QuarantineStatuses.Open)
        {
            return new(QuarantineOutcome.NotOpen, $"隔离记录 {id} 已处理（{QuarantinePages.StatusName(item.Status)}），不能再更正");
        }

        if (data is null)
        {
            return new(QuarantineOutcome.Invalid, "请求体缺少 data（更正后的平台数据）", []);
        }

        var mapping = mappings.ForCatalog(item.Catalog);
        if (merge)
        {
            data = CorrectionInput.Merge(item.Data, data, mapping?.Catalog);
        }

        var errors = new List<RecordIssue>();
        if (mapping is not null)
        {
            data = CorrectionInput.Normalize(mapping, data, errors);
        }

        errors.AddRange(rules.Validate(item.Catalog, data).Where(i => i.Severity == IssueSeverity.Error && errors.All(e => e.Field != i.Field)));
        if (errors.Count > 0)
        {
            return new(QuarantineOutcome.Invalid, "更正后的数据仍未通过校验", errors);
        }

        var recordId = rules.RecordIdFor(item.Catalog, data);
        var (canonical, hash) = ExchangeJson.Canonical(data);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The item points at the record the correction made: a corrected business key is another record.
        if (!await CloseAsync(item.Id, QuarantineStatuses.Corrected, recordId, note, actor, now, ct))
        {
            return await TakenAsync(item.Id, ct);
        }

        var record = await db.Set<ExchangeRecord>().FirstOrDefaultAsync(r => r.Catalog == item.Catalog && r.RecordId == recordId, ct);
        if (record is null)
        {
            record = new ExchangeRecord
            {
                Catalog = item.Catalog, RecordId = recordId, Data = canonical, ContentHash = hash, State = RecordStates.Pending, Op = BatchRecord.Upsert,
                SourceFileId = item.FileId, SourceRow = item.SourceRow,
            };
            db.Add(record);
        }

        record.Data = canonical;
        record.ContentHash = hash;
        record.PublishUntil = rules.PublishUntil(item.Catalog, data);
        record.EntityKey = ExchangeJson.EntityKey(data);
        record.UpdatedAt = now;
        if (record.WithdrawnBy is null)
        {
            // An officer's withdrawal stands (RecordActions): the corrected data is kept, not published again.
            record.Op = BatchRecord.Upsert;
            record.State = record.BatchId is not null ? RecordStates.Sending
                : record.AcceptedHash == hash && record.State != RecordStates.Rejected ? RecordStates.Accepted
                : RecordStates.Pending;
        }
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db,
        [
            new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "record.corrected", Actor = actor, Catalog = item.Catalog, RecordId = recordId, EntityKey = record.EntityKey,
                State = record.State, PayloadHash = hash, Detail = $"隔离记录 {item.Id} 已更正",
            },
        ], ct);
        await tx.CommitAsync(ct);
        return new(QuarantineOutcome.Done, $"隔离记录 {item.Id} 已更正，记录状态：{QuarantinePages.RecordStateName(record.State)}", Record: record);
    }

    public async Task<QuarantineResult> DismissAsync(long id, string? reason, string actor, CancellationToken ct)
    {
        var item = await db.Set<QuarantineItem>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (item is null)
        {
            return new(QuarantineOutcome.NotFound, $"隔离记录 {id} 不存在");
        }

        if (item.Status != QuarantineStatuses.Open)
        {
            return new(QuarantineOutcome.NotOpen, $"隔离记录 {id} 已处理（{QuarantinePages.StatusName(item.Status)}）");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await CloseAsync(item.Id, QuarantineStatuses.Dismissed, null, reason, actor, clock.GetUtcNow(), ct))
        {
            return await TakenAsync(item.Id, ct);
        }

        await audit.AppendAsync(db,
        [
            new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "quarantine.dismissed", Actor = actor, Catalog = item.Catalog, RecordId = item.RecordId,
                State = QuarantineStatuses.Dismissed, Detail = PersonalIdRedactor.Mask($"隔离记录 {item.Id} 已忽略：{reason ?? "未说明原因"}"),
            },
        ], ct);
        await tx.CommitAsync(ct);
        return new(QuarantineOutcome.Done, $"隔离记录 {item.Id} 已忽略");
    }
    /// <summary>
    /// Closes the item if it is still open: one conditional UPDATE inside the decision's transaction. Of two officers
    /// deciding at once, the second UPDATE waits for the first transaction (PostgreSQL's row lock, SQLite's single
    /// writer) and then matches no row; the status read before the transaction cannot tell, it let both through.
    /// A <paramref name="recordId"/> re-points the item (null: unchanged).
    /// </summary>
    private async Task<bool> CloseAsync(long id, string status, string? recordId, string? note, string actor, DateTimeOffset now, CancellationToken ct) =>
        await db.Set<QuarantineItem>().Where(i => i.Id == id && i.Status == QuarantineStatuses.Open).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(i => i.Status, status).SetProperty(i => i.ResolvedAt, now).SetProperty(i => i.ResolvedBy, actor).SetProperty(i => i.Note, note);
            if (recordId is not null)
            {
                s.SetProperty(i => i.RecordId, recordId);
            }
        }, ct) == 1;

    /// <summary>The refusal of the decision that lost: the caller's transaction rolls back, and the winner's status is named.</summary>
    private async Task<QuarantineResult> TakenAsync(long id, CancellationToken ct)
    {
        await db.Database.RollbackTransactionAsync(ct);
        var status = await db.Set<QuarantineItem>().Where(i => i.Id == id).Select(i => i.Status).FirstOrDefaultAsync(ct);
        return new(QuarantineOutcome.NotOpen, $"隔离记录 {id} 已被他人处理（{QuarantinePages.StatusName(status ?? "")}），请刷新后查看");
    }
}
