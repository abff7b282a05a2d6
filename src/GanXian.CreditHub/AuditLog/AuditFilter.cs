using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Which entries of one chain an auditor asks for: by entity, record, batch, actor, time, state, kind and sequence range (all
/// optional, combined with AND). The same filter drives search and export, in SQL (<see cref="Apply"/>) and in memory
/// (<see cref="Matches"/>).
/// </summary>
public sealed record AuditFilter
{
    private readonly string? entityKey;

    // As given (trimmed, upper case): credit codes are stored as they are, and an all-digit one (机关、事业单位 codes)
    // has the shape of an ID number, which masking would turn into a key no entry has. Used in the query only, never
    // logged: a full ID number typed here is stored nowhere but masked.
    private readonly string? entityKeyAsGiven;

    public LogChain Chain { get; init; } = LogChain.Exchange;

    /// <summary>统一社会信用代码, or a person's ID number: stored masked (DOMAIN.md §6), so it is masked here too.</summary>
    public string? EntityKey
    {
        get => entityKey;
        init
        {
            entityKey = NormalizeEntityKey(value);
            entityKeyAsGiven = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
        }
    }

    public string? RecordId { get; init; }

    public string? BatchId { get; init; }

    /// <summary>
    /// Who: a user or API key name, or <c>system:JOB</c> for a scheduled run. Not indexed: it narrows a search by time
    /// or kind, and the operation log, where "who did what" is asked, is small.
    /// </summary>
    public string? Actor { get => actor; init => actor = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    private readonly string? actor;

    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// States and kinds are lower-case codes (<c>accepted</c>, <c>record.accepted</c>); what an auditor types is matched
    /// in any case, and their Chinese names (已接收, 平台已接收) stand for the codes.
    /// </summary>
    public string? State { get => state; init => state = AuditKinds.StateCode(Lower(value)); }

    public string? Kind { get => kind; init => kind = AuditKinds.KindCode(Lower(value)); }

    private readonly string? state;
    private readonly string? kind;

    private static string? Lower(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    public long? FromSeq { get; init; }

    public long? ToSeq { get; init; }

    public static string? NormalizeEntityKey(string? key) =>
        string.IsNullOrWhiteSpace(key) ? null : PersonalIdRedactor.Mask(key.Trim().ToUpperInvariant());

    public string? Validate() =>
        From is { } f && To is { } t && t <= f ? "结束时间必须晚于开始时间"
        : FromSeq is { } a && ToSeq is { } b && b < a ? "结束序号不能小于起始序号"
        : null;

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> rows)
    {
        rows = rows.Where(e => e.Chain == Chain);
        if (EntityKey is { } k)
        {
            var given = entityKeyAsGiven ?? k;
            rows = k == given ? rows.Where(e => e.EntityKey == k) : rows.Where(e => e.EntityKey == k || e.EntityKey == given);
        }

        if (Empty(RecordId) is { } r) rows = rows.Where(e => e.RecordId == r);
        if (Empty(BatchId) is { } b) rows = rows.Where(e => e.BatchId == b);
        if (Actor is { } who) rows = rows.Where(e => e.Actor == who);
        if (From is { } from) rows = rows.Where(e => e.OccurredAt >= from);
        if (To is { } to) rows = rows.Where(e => e.OccurredAt < to);
        if (Empty(State) is { } s) rows = rows.Where(e => e.State == s);
        if (Empty(Kind) is { } kind) rows = rows.Where(e => e.Kind == kind);
        if (FromSeq is { } fs) rows = rows.Where(e => e.Seq >= fs);
        if (ToSeq is { } ts) rows = rows.Where(e => e.Seq <= ts);
        return rows;
    }

    public bool Matches(AuditEntry e) =>
        e.Chain == Chain && (EntityKey is null || e.EntityKey == EntityKey || e.EntityKey == entityKeyAsGiven)
        && (Empty(RecordId) is not { } r || e.RecordId == r) && (Empty(BatchId) is not { } b || e.BatchId == b) && (Actor is null || e.Actor == Actor)
        && (From is null || e.OccurredAt >= From) && (To is null || e.OccurredAt < To)
        && (Empty(State) is not { } s || e.State == s) && (Empty(Kind) is not { } k || e.Kind == k)
        && (FromSeq is null || e.Seq >= FromSeq) && (ToSeq is null || e.Seq <= ToSeq);

    /// <summary>The filter as the operation log records it (never a full ID number).</summary>
    public string Describe()
    {
        var parts = new List<string> { $"chain={ChainNames.Name(Chain)}" };
        void Add(string name, object? value)
        {
            if (value is not null && value as string != "")
            {
                parts.Add($"{name}={PersonalIdRedactor.Mask(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!)}");
            }
        }

        Add("entity", EntityKey);
        Add("record", RecordId);
        Add("batch", BatchId);
        Add("actor", Actor);
        Add("from", From is { } f ? CheckpointStatement.Time(f) : null);
        Add("to", To is { } t ? CheckpointStatement.Time(t) : null);
        Add("state", State);
        Add("kind", Kind);
        Add("fromSeq", FromSeq);
        Add("toSeq", ToSeq);
        return string.Join(' ', parts);
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
