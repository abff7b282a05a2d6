using GanXian.CreditHub.Data;

namespace GanXian.CreditHub.AuditLog;

public enum LogChain
{
    /// <summary>Batches, records, receipts, feedback: what was sent to the platform and what it answered.</summary>
    Exchange = 1,

    /// <summary>Logins, officer and administrator actions, report queries.</summary>
    Operation = 2,
}

/// <summary>
/// One fact for the tamper-evident log. Never put a full personal ID number in any field: use the credit code, or the
/// masked ID (DOMAIN.md §6). <see cref="EntityKey"/> is what an auditor searches by (统一社会信用代码 or masked ID).
/// </summary>
public sealed record LogEvent
{
    public required LogChain Chain { get; init; }

    /// <summary>What happened, e.g. <c>record.collected</c>, <c>batch.sent</c>, <c>record.accepted</c>, <c>user.login</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>User name, API key name, or <c>system:JOBNAME</c>.</summary>
    public required string Actor { get; init; }

    public string? Catalog { get; init; }

    public string? RecordId { get; init; }

    public string? BatchId { get; init; }

    public string? EntityKey { get; init; }

    /// <summary>The state reached, e.g. <c>pending</c>, <c>accepted</c>, <c>rejected</c>, <c>quarantined</c>.</summary>
    public string? State { get; init; }

    /// <summary>SHA-256 (lower hex) of the payload sent or received, when there is one.</summary>
    public string? PayloadHash { get; init; }

    /// <summary>Short free text or compact JSON with details; no personal ID numbers.</summary>
    public string? Detail { get; init; }
}

/// <summary>
/// Appends to the hash-chained log. The entries join the caller's current transaction on <paramref name="db"/>, so the
/// log commits with the state change it records (begin a transaction around both). Safe under concurrent writers: no
/// fork, no gap. Designed for volume: a whole batch's record events go in one call.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(CreditHubDbContext db, IReadOnlyList<LogEvent> events, CancellationToken ct);
}
