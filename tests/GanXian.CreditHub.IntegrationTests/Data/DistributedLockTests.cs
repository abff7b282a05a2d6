using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.Data;

public sealed class DistributedLockTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_held_lock_is_refused_to_others_until_released(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var app = await MigratedAsync(database);
        var locks = app.Services.GetRequiredService<IDistributedLock>();

        var first = await locks.TryAcquireAsync("exchange", CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await locks.TryAcquireAsync("exchange", CancellationToken.None));
        var other = await locks.TryAcquireAsync("feedback-pull", CancellationToken.None);
        Assert.NotNull(other);

        await first.DisposeAsync();
        var again = await locks.TryAcquireAsync("exchange", CancellationToken.None);
        Assert.NotNull(again);
        await again.DisposeAsync();
        await other.DisposeAsync();
    }

    [Fact]
    public async Task Postgres_releases_the_lock_when_the_holders_session_dies()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var app = await MigratedAsync(database);
        var locks = app.Services.GetRequiredService<IDistributedLock>();
        var held = await locks.TryAcquireAsync("exchange", CancellationToken.None);
        Assert.NotNull(held);

        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync();
            // pg_locks is cluster-wide and other tests run in parallel on the same cluster: only this database's holder.
            const string holders = "FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() " +
                                   "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
            await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend(pid, 10000) {holders}", admin);
            await kill.ExecuteNonQueryAsync();
            await using var left = new NpgsqlCommand($"SELECT count(*) {holders}", admin);
            for (var i = 0; i < 100 && (long)(await left.ExecuteScalarAsync())! > 0; i++)
            {
                await Task.Delay(100);
            }
        }

        var taken = await locks.TryAcquireAsync("exchange", CancellationToken.None);
        Assert.NotNull(taken);
        await taken.DisposeAsync();
        await held.DisposeAsync();
    }

    [Fact]
    public async Task Sqlite_lease_is_renewed_while_held_and_taken_over_once_its_holder_stops_renewing()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = await MigratedAsync(database);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var options = Options.Create(new DatabaseOptions { Provider = "Sqlite", ConnectionString = database.ConnectionString });
        var locks = new DistributedLockSqlite(options, clock, NullLogger<DistributedLockSqlite>.Instance) { LeaseDuration = TimeSpan.FromSeconds(30) };

        var held = await locks.TryAcquireAsync("exchange", CancellationToken.None);
        Assert.NotNull(held);
        for (var i = 0; i < 6; i++)
        {
            // Renewal every 10 s keeps the lease alive well past its 30 s.
            clock.Advance(TimeSpan.FromSeconds(10));
            await WaitForExpiryAsync(database.ConnectionString, e => e > clock.GetUtcNow().ToUnixTimeMilliseconds() + 20_000);
            Assert.Null(await locks.TryAcquireAsync("exchange", CancellationToken.None));
        }

        // A holder that died leaves its row behind; once it has expired, the next node takes the lock.
        await using (var conn = new SqliteConnection(database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = """INSERT INTO distributed_lock_leases (name, owner, expires_at_unix_ms) VALUES ('reconciliation', 'dead-node', $expires)""";
            cmd.Parameters.AddWithValue("$expires", clock.GetUtcNow().AddSeconds(5).ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync();
        }

        Assert.Null(await locks.TryAcquireAsync("reconciliation", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(6));
        var taken = await locks.TryAcquireAsync("reconciliation", CancellationToken.None);
        Assert.NotNull(taken);

        await held.DisposeAsync();
        await taken.DisposeAsync();
        Assert.Equal(0, await CountLeasesAsync(database.ConnectionString));
    }

    private static async Task<WebApplication> MigratedAsync(TestDatabase database)
    {
        var config = database.Configuration();
        config["Scheduling:Enabled"] = "false";
        var app = TestHub.Build(config);
        Assert.Equal(0, await GanXian.CreditHub.Cli.CliRoot.RunAsync(app, ["db", "migrate"]));
        return app;
    }

    private static async Task WaitForExpiryAsync(string cs, Func<long, bool> ok)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var conn = new SqliteConnection(cs);
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = """SELECT expires_at_unix_ms FROM distributed_lock_leases WHERE name = 'exchange'""";
            if (await cmd.ExecuteScalarAsync() is long e && ok(e))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the lease was not renewed");
    }

    private static async Task<long> CountLeasesAsync(string cs)
    {
        await using var conn = new SqliteConnection(cs);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """SELECT count(*) FROM distributed_lock_leases """;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
