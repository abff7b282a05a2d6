using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.Data;

public sealed class AppRoleTests
{
    /// <summary>
    /// Migrations run as the tables' owner, the hub as a role that owns nothing (Database:AppRole). The hub's whole
    /// exchange works under it, and it can neither change the audit log nor switch off the trigger that guards it.
    /// </summary>
    [Fact]
    public async Task The_hub_runs_the_exchange_as_an_app_role_that_cannot_alter_the_audit_log_or_disable_its_trigger()
    {
        var owner = await PostgresServer.CreateDatabaseAsync("role");
        var role = $"app_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(owner, $"CREATE ROLE {role} LOGIN PASSWORD 'app-secret'");
        var app = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = "app-secret" }.ToString();

        // db migrate as the owner grants the role its rights.
        var migrated = await TestHub.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = owner, ["Database:AppRole"] = role,
        });
        await migrated.DisposeAsync();

        await using (var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Postgres, c => c["Database:ConnectionString"] = app, migrate: false))
        {
            bed.WriteFile("a.csv", ExchangeRunTests.Rows(30));
            var summary = await bed.RunAsync();
            Assert.Equal(ExchangeRunStatus.Completed, summary.Status);
            Assert.Equal(30, bed.Held().Count);
            Assert.Contains(await bed.AuditAsync(), e => e.Kind == "record.accepted");
        }

        // The import's ANALYZE after a bulk load needs the owner; the role runs it through the owner's function.
        await ExecuteAsync(app, AppRoleGrants.AnalyzeExchange);
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'exchange_records'", conn);
            Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
        }

        foreach (var sql in new[]
                 {
                     "UPDATE audit_entries SET state = 'accepted' WHERE seq = 2",
                     "DELETE FROM audit_entries WHERE seq = 3",
                     "TRUNCATE audit_entries",
                     "ALTER TABLE audit_entries DISABLE TRIGGER USER",
                     "DELETE FROM audit_checkpoints",
                     "DELETE FROM \"__EFMigrationsHistory\"",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            // Permission denied or "must be owner", not the trigger: the role is stopped before the trigger is reached.
            Assert.DoesNotContain("审计日志只允许追加", refused.MessageText);
        }
    }

    /// <summary>
    /// serve and exchange migrate at start (Database:MigrateOnStart, on by default). With the schema up to date they
    /// leave it alone, so the app role starts without that setting switched off; with a migration pending they stop
    /// with a line that says the owner must run db migrate, not that the database cannot be reached. Its scheduler finds
    /// the Quartz tables that db migrate created as the owner.
    /// </summary>
    [Fact]
    public async Task At_start_the_app_role_migrates_nothing_when_the_schema_is_current_and_is_told_to_run_db_migrate_when_it_is_not()
    {
        var owner = await PostgresServer.CreateDatabaseAsync("role");
        var role = $"app_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(owner, $"CREATE ROLE {role} LOGIN PASSWORD 'app-secret'");
        var app = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = "app-secret" }.ToString();
        var asApp = new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = app };

        await using (var hub = TestHub.Build(asApp))
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var pending = await Assert.ThrowsAsync<PostgresException>(() => scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateIfPendingAsync(CancellationToken.None));
            var line = DatabaseErrors.Describe(pending);
            Assert.Contains("db migrate", line);
            Assert.Contains("Database:AppRole", line);
        }

        await (await TestHub.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = owner, ["Database:AppRole"] = role,
        })).DisposeAsync();

        await using (var hub = TestHub.Build(asApp))
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
            Assert.Empty(await migrator.MigrateIfPendingAsync(CancellationToken.None));
            // db migrate itself re-applies the grants and functions, which only the owner may do.
            var refused = await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // serve with the clustered scheduler: Quartz's tables were created by the owner's db migrate (the role could not).
        var node = new Dictionary<string, string?>(asApp) { ["Scheduling:Enabled"] = "true", ["Scheduling:InstanceId"] = "app-role-node" };
        await using (var hub = await TestHub.StartAsync(node, migrate: false))
        {
            using var client = hub.CreateClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'qrtz_job_details' AND tableowner = current_user", conn);
            Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task Migrating_for_a_role_that_does_not_exist_says_so()
    {
        var owner = await PostgresServer.CreateDatabaseAsync("role");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestHub.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = owner, ["Database:AppRole"] = "no_such_role",
        }));
        Assert.Contains("db migrate", failure.Message);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
