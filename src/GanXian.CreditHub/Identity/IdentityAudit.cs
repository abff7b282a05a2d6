using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// Saves an identity change and its operation-log entries in one transaction, so the log holds exactly the changes
/// that happened. The log is optional only so a host composed without the audit capability still starts.
/// </summary>
public sealed class IdentityAudit(CreditHubDbContext db, IAuditLog? audit = null)
{
    public async Task SaveAsync(string kind, string actor, string? detail, CancellationToken ct, string? state = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (audit is not null)
        {
            await audit.AppendAsync(db, [new LogEvent { Chain = LogChain.Operation, Kind = kind, Actor = actor, Detail = detail, State = state }], ct);
        }

        await tx.CommitAsync(ct);
    }
}
