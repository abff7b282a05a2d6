using System.Net;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Db_migrate_creates_the_schema_on_an_empty_postgres_and_a_second_run_changes_nothing()
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var config = new TestDatabase(DatabaseProvider.Postgres, cs).Configuration();

        await using (var app = TestHub.Build(config))
        {
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["db", "migrate"]));
        }

        var first = await SchemaFingerprintAsync(cs);
        Assert.Contains("__EFMigrationsHistory", first);

        await using (var app = TestHub.Build(config))
        {
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["db", "migrate"]));
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        }

        Assert.Equal(first, await SchemaFingerprintAsync(cs));
    }

    /// <summary>
    /// Npgsql's provider learns that the history table is missing by querying it, and EF Core logs that query as an
    /// error: an operator's first <c>db migrate</c> showed two "Failed executing DbCommand" lines although it succeeded.
    /// </summary>
    [Fact]
    public async Task Db_migrate_on_an_empty_postgres_logs_no_error()
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var config = new TestDatabase(DatabaseProvider.Postgres, cs).Configuration();
        var logs = Path.Combine(Path.GetTempPath(), "credithub-test-logs", Guid.NewGuid().ToString("N"));
        config["Logging:File:Path"] = Path.Combine(logs, "hub-.json");

        await using (var app = TestHub.Build(config))
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().PendingAsync(CancellationToken.None));
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["db", "migrate"]));
        }

        var lines = Directory.GetFiles(logs).SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(lines, l => l.Contains("个迁移", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\"@l\":\"Error\"", StringComparison.Ordinal));
        Assert.Contains("__EFMigrationsHistory", await SchemaFingerprintAsync(cs));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_answers_200_once_migrated_and_503_before(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var config = database.Configuration();
        config["Database:MigrateOnStart"] = "false";

        await using (var hub = await TestHub.StartAsync(config, migrate: false))
        {
            using var client = hub.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }

        await using (var hub = await TestHub.StartAsync(config))
        {
            using var client = hub.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task Unreachable_postgres_gives_one_line_naming_the_setting()
    {
        var config = new TestDatabase(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=3").Configuration();
        await using var app = TestHub.Build(config);
        var error = new StringWriter();

        var exit = await CliRoot.RunAsync(app, ["db", "migrate"], error);

        Assert.Equal(ExitCodes.Database, exit);
        var text = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', text);
        Assert.Contains("Database:ConnectionString", text);
    }

    [Theory]
    [InlineData("Postgres", "", "Database:ConnectionString")]
    [InlineData("Postgres", "this is not = a ; connection string", "Database:ConnectionString")]
    [InlineData("Oracle", "Data Source=x.db", "Database:Provider")]
    public async Task Missing_or_wrong_settings_give_one_line_naming_the_key(string provider, string connectionString, string key)
    {
        await using var app = TestHub.Build(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
        });
        var error = new StringWriter();

        var exit = await CliRoot.RunAsync(app, ["db", "migrate"], error);

        Assert.Equal(ExitCodes.Configuration, exit);
        var text = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', text);
        Assert.Contains(key, text);
    }

    private static async Task<string> SchemaFingerprintAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)
              FROM information_schema.columns WHERE table_schema = 'public'
            """, conn);
        var columns = (string?)await cmd.ExecuteScalarAsync() ?? "";
        await using var hist = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", conn);
        return columns + "|migrations=" + await hist.ExecuteScalarAsync();
    }
}
