namespace GanXian.CreditHub.Data;

/// <summary>
/// A named lock held in the database, so that two hub nodes (or a scheduled and a manual run on one node) never run
/// the same exclusive work at once. PostgreSQL: a session advisory lock on a dedicated connection; SQLite: a lease row.
/// </summary>
public interface IDistributedLock
{
    /// <summary>Returns a handle that releases the lock when disposed, or null when someone else holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct);
}
