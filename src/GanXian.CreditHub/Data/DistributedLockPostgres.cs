using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GanXian.CreditHub.Data;

/// <summary>
/// A PostgreSQL session advisory lock on a connection of its own, held until the handle is disposed. If the holder
/// dies, its session ends and PostgreSQL releases the lock: nothing to expire or clean up.
/// </summary>
internal sealed class DistributedLockPostgres(IOptions<DatabaseOptions> options, ILogger<DistributedLockPostgres> logger) : IDistributedLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        // Not pooled: a pooled connection would keep the session (and the lock) alive after it is "closed".
        var csb = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false, KeepAlive = 30 };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            cmd.Parameters.AddWithValue("key", Key(name));
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                logger.LogDebug("Acquired database lock {Lock}", name);
                return new Handle(connection, Key(name), name, logger);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A stable 64-bit key per name (string.GetHashCode differs between processes).</summary>
    internal static long Key(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("credithub-lock:" + name)));

    private sealed class Handle(NpgsqlConnection connection, long key, string name, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Unlock first: the server ends a closed session asynchronously, so without it a caller that releases and
            // at once acquires again (the reconciler, then the exchange push) could find its own lock still held.
            try
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                cmd.Parameters.AddWithValue("key", key);
                await cmd.ExecuteScalarAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Unlocking database lock {Lock} failed; closing the session releases it", name);
            }

            // Closing the unpooled connection ends the session, which releases the lock even if the unlock call failed.
            await connection.DisposeAsync();
            logger.LogDebug("Released database lock {Lock}", name);
        }
    }
}
