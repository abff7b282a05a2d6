using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Data;

/// <summary>
/// The SQLite store has no advisory locks: a lease row (name, owner, expiry) taken when free or expired, renewed
/// while held, and deleted on release. A holder that dies stops renewing, and its lease expires after
/// <see cref="LeaseDuration"/>.
/// </summary>
internal sealed class DistributedLockSqlite(IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<DistributedLockSqlite> logger)
    : IDistributedLock
{
    internal TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    private TimeProvider Clock => clock;

    private ILogger Logger => logger;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var owner = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO distributed_lock_leases (name, owner, expires_at_unix_ms) VALUES ($name, $owner, $expires)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at_unix_ms = excluded.expires_at_unix_ms
            WHERE distributed_lock_leases.expires_at_unix_ms <= $now
            """;
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$owner", owner);
        cmd.Parameters.AddWithValue("$expires", now + (long)LeaseDuration.TotalMilliseconds);
        cmd.Parameters.AddWithValue("$now", now);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0)
        {
            return null;
        }

        return new Lease(this, name, owner);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(SqliteConnectionStrings.Prepare(options.Value.ConnectionString));
        await connection.OpenAsync(ct);
        return connection;
    }

    private async Task<int> ExecuteAsync(string sql, string name, string owner, long? expires, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$owner", owner);
        if (expires is { } e)
        {
            cmd.Parameters.AddWithValue("$expires", e);
        }

        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly DistributedLockSqlite _store;
        private readonly string _name;
        private readonly string _owner;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Lease(DistributedLockSqlite store, string name, string owner)
        {
            _store = store;
            _name = name;
            _owner = owner;
            _renewal = RenewAsync();
        }

        private async Task RenewAsync()
        {
            var every = _store.LeaseDuration / 3;
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, _store.Clock, _stop.Token);
                    var expires = _store.Clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)_store.LeaseDuration.TotalMilliseconds;
                    var renewed = await _store.ExecuteAsync(
                        """UPDATE distributed_lock_leases SET expires_at_unix_ms = $expires WHERE name = $name AND owner = $owner""",
                        _name, _owner, expires, _stop.Token);
                    if (renewed == 0)
                    {
                        _store.Logger.LogError("Lost the database lock {Lock}: its lease expired and another holder took it", _name);
                        return;
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SqliteException ex)
                {
                    // A busy database only delays this renewal; the lease still has two thirds of its time left.
                    _store.Logger.LogWarning(ex, "Could not renew the database lock {Lock}", _name);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            await _store.ExecuteAsync("""DELETE FROM distributed_lock_leases WHERE name = $name AND owner = $owner""", _name, _owner, null,
                CancellationToken.None);
        }
    }
}
