using System.Globalization;
using System.Text;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.AuditLog;

public sealed record AuditSearchQuery
{
    public LogChain Chain { get; init; } = LogChain.Exchange;

    /// <summary>统一社会信用代码, or a person's ID number (masked before searching: the log only holds masked IDs).</summary>
    public string? EntityKey { get; init; }

    public string? RecordId { get; init; }

    public string? BatchId { get; init; }

    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    public string? State { get; init; }

    public string? Kind { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    public const int MaxPageSize = 500;

    public string? Validate() =>
        Page < 1 ? "页码必须从 1 开始"
        : PageSize is < 1 or > MaxPageSize ? $"每页条数必须在 1 到 {MaxPageSize} 之间"
        : From is { } f && To is { } t && t <= f ? "结束时间必须晚于开始时间"
        : null;

    /// <summary>The query as the operation log records it: no full ID number ever.</summary>
    public string Describe()
    {
        var parts = new StringBuilder($"chain={ChainNames.Name(Chain)}");
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Append(' ').Append(name).Append('=').Append(PersonalIdRedactor.Mask(value));
            }
        }

        Add("entity", EntityKey);
        Add("record", RecordId);
        Add("batch", BatchId);
        Add("from", From is { } f ? CheckpointStatement.Time(f) : null);
        Add("to", To is { } t ? CheckpointStatement.Time(t) : null);
        Add("state", State);
        Add("kind", Kind);
        parts.Append(CultureInfo.InvariantCulture, $" page={Page} size={PageSize}");
        return parts.ToString();
    }
}

public sealed record AuditEntryView(
    string Chain, long Seq, DateTimeOffset OccurredAt, string Kind, string Actor, string? Catalog, string? RecordId, string? BatchId,
    string? EntityKey, string? State, string? PayloadHash, string? Detail, string PrevHash, string Hash)
{
    public static AuditEntryView From(AuditEntry e) => new(
        ChainNames.Name(e.Chain), e.Seq, e.OccurredAt, e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State,
        e.PayloadHash, e.Detail, Convert.ToHexStringLower(e.PrevHash), Convert.ToHexStringLower(e.Hash));
}

public sealed record AuditSearchPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// The auditors' search (API and CLI). Newest first by sequence number, which the primary key serves without a sort.
/// Every search is itself an operation-log entry: who looked, for what (DOMAIN.md §1, §6).
/// </summary>
public sealed class AuditSearch(CreditHubDbContext db, IAuditLog log)
{
    public async Task<AuditSearchPage> SearchAsync(AuditSearchQuery q, string actor, CancellationToken ct)
    {
        var entity = EntityKey(q.EntityKey);
        var rows = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == q.Chain);
        if (entity is not null) rows = rows.Where(e => e.EntityKey == entity);
        if (q.RecordId is { Length: > 0 } r) rows = rows.Where(e => e.RecordId == r);
        if (q.BatchId is { Length: > 0 } b) rows = rows.Where(e => e.BatchId == b);
        if (q.From is { } from) rows = rows.Where(e => e.OccurredAt >= from);
        if (q.To is { } to) rows = rows.Where(e => e.OccurredAt < to);
        if (q.State is { Length: > 0 } s) rows = rows.Where(e => e.State == s);
        if (q.Kind is { Length: > 0 } kind) rows = rows.Where(e => e.Kind == kind);

        var found = await rows.OrderByDescending(e => e.Seq).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize + 1).ToListAsync(ct);
        await RecordAsync(actor, "audit.search", q.Describe(), entity, ct);
        return new AuditSearchPage(found.Take(q.PageSize).Select(AuditEntryView.From).ToList(), q.Page, q.PageSize, found.Count > q.PageSize);
    }

    /// <summary>How an entity key is stored: credit codes upper-case, ID numbers masked (DOMAIN.md §6).</summary>
    public static string? EntityKey(string? key) => key is { Length: > 0 } k ? PersonalIdRedactor.Mask(k.Trim().ToUpperInvariant()) : null;

    /// <summary>Records an auditor's action (search, verify, export) on the operation chain.</summary>
    public Task RecordAsync(string actor, string kind, string detail, string? entityKey, CancellationToken ct) =>
        log.AppendAsync(db, [new LogEvent { Chain = LogChain.Operation, Kind = kind, Actor = actor, EntityKey = entityKey, Detail = detail }], ct);
}
