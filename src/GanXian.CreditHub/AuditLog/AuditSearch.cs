using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.AuditLog;

public sealed record AuditEntryView(
    string Chain, long Seq, DateTimeOffset OccurredAt, string Kind, string Actor, string? Catalog, string? RecordId, string? BatchId,
    string? EntityKey, string? State, string? PayloadHash, string? Detail, string PrevHash, string Hash)
{
    /// <summary>
    /// An entry as a person reads it (search API, page, CLI). Entries written before the log writer masked every
    /// field may hold an ID number, so it is masked here too; the export keeps the stored bytes, which its hashes need.
    /// </summary>
    public static AuditEntryView From(AuditEntry e) => new(
        ChainNames.Name(e.Chain), e.Seq, e.OccurredAt, e.Kind, PersonalIdRedactor.Mask(e.Actor), e.Catalog, e.RecordId, e.BatchId,
        e.EntityKey is null ? null : PersonalIdRedactor.MaskEntityKey(e.EntityKey), e.State,
        e.PayloadHash, e.Detail is null ? null : PersonalIdRedactor.Mask(e.Detail), Convert.ToHexStringLower(e.PrevHash), Convert.ToHexStringLower(e.Hash));
}

public sealed record AuditSearchPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// The auditors' search (API and CLI). Newest first by sequence number, which the primary key serves without a sort.
/// Every search is itself an operation-log entry: who looked, for what (DOMAIN.md §1, §6).
/// </summary>
public sealed class AuditSearch(CreditHubDbContext db, IAuditLog log)
{
    public const int MaxPageSize = 500;

    public static string? ValidatePaging(int page, int pageSize) =>
        page < 1 ? "页码必须从 1 开始"
        : pageSize is < 1 or > MaxPageSize ? $"每页条数必须在 1 到 {MaxPageSize} 之间"
        : null;

    public async Task<AuditSearchPage> SearchAsync(AuditFilter filter, int page, int pageSize, string actor, CancellationToken ct)
    {
        var found = await filter.Apply(db.Set<AuditEntry>().AsNoTracking())
            .OrderByDescending(e => e.Seq).Paged(page, pageSize, extra: 1).ToListAsync(ct);
        await RecordAsync(actor, "audit.search", $"{filter.Describe()} page={page} size={pageSize}", filter.EntityKey, ct);
        return new AuditSearchPage(found.Take(pageSize).Select(AuditEntryView.From).ToList(), page, pageSize, found.Count > pageSize);
    }

    /// <summary>Records a verification of one chain (API and page) on the operation chain.</summary>
    public Task RecordVerifyAsync(string actor, LogChain chain, long? from, long? to, VerifyReport report, CancellationToken ct) =>
        RecordAsync(actor, "audit.verify", $"chain={ChainNames.Name(chain)} from={from} to={to} ok={report.Ok} first={report.FirstProblem?.Seq}", null, ct);

    /// <summary>Records an auditor's action (search, verify, export) on the operation chain.</summary>
    public Task RecordAsync(string actor, string kind, string detail, string? entityKey, CancellationToken ct) =>
        log.AppendAsync(db, [new LogEvent { Chain = LogChain.Operation, Kind = kind, Actor = actor, EntityKey = entityKey, Detail = detail }], ct);
}
