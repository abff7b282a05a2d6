using System.Data.Common;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

/// <summary>
/// A migrated hub with its own signing key and checkpoints file, plus raw SQL access as an attacker with database
/// rights would have it (able to switch the append-only triggers off).
/// </summary>
internal sealed class AuditFixture : IAsyncDisposable
{
    private AuditFixture(WebApplication app, TestDatabase database, string folder)
    {
        App = app;
        Database = database;
        Folder = folder;
    }

    public WebApplication App { get; }

    public TestDatabase Database { get; }

    public string Folder { get; }

    public string CheckpointsPath => Path.Combine(Folder, "checkpoints.jsonl");

    public static async Task<AuditFixture> CreateAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), $"credithub-audit-{Guid.NewGuid():N}");
        var config = Configuration(database, folder);
        configure?.Invoke(config);
        var app = TestHub.Build(config);
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["db", "migrate"]));
        return new AuditFixture(app, database, folder);
    }

    /// <summary>The hub started (hosted services included, as under <c>serve</c>) on a fresh database with its own key and file.</summary>
    public static async Task<(TestHub Hub, string Folder)> StartHubAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? configure = null,
        Action<WebApplicationBuilder>? builder = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"credithub-audit-{Guid.NewGuid():N}");
        var config = Configuration(await TestDatabase.CreateAsync(provider), folder);
        configure?.Invoke(config);
        return (await TestHub.StartAsync(config, builder), folder);
    }

    public static Dictionary<string, string?> Configuration(TestDatabase database, string folder)
    {
        var config = database.Configuration();
        config["AuditLog:SigningKeyPath"] = Path.Combine(folder, "signing-key.pem");
        config["AuditLog:CheckpointsPath"] = Path.Combine(folder, "checkpoints.jsonl");
        return config;
    }

    public async Task AppendAsync(LogChain chain, int count, string batch = "b-1")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, AuditLogWriterTests.Events(chain, count, batch), default);
    }

    public Task<AuditCheckpoint?> CheckpointAsync(LogChain chain = LogChain.Exchange) =>
        App.Services.GetRequiredService<IAuditCheckpoints>().WriteAsync(chain, "test", default);

    public async Task<VerifyReport> VerifyAsync(LogChain chain = LogChain.Exchange, long? from = null, long? to = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        using var key = AuditVerifier.LocalPublicKey(scope.ServiceProvider.GetRequiredService<AuditSigningKey>());
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(chain, from, to, key, default);
    }

    /// <summary>Runs SQL as an attacker would: with the append-only triggers switched off first.</summary>
    public async Task TamperAsync(params string[] statements)
    {
        await using var conn = Open();
        await conn.OpenAsync();
        var disable = Database.Provider == DatabaseProvider.Postgres
            ? ["ALTER TABLE audit_entries DISABLE TRIGGER USER", "ALTER TABLE audit_checkpoints DISABLE TRIGGER USER"]
            : new[] { "entries_no_update", "entries_no_delete", "checkpoints_no_update", "checkpoints_no_delete" }.Select(t => $"DROP TRIGGER IF EXISTS audit_{t}").ToArray();
        foreach (var sql in disable.Concat(statements))
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = Open();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>A blob literal in the provider's SQL dialect.</summary>
    public string Blob(byte[] bytes) => Database.Provider == DatabaseProvider.Postgres
        ? $"'\\x{Convert.ToHexStringLower(bytes)}'::bytea"
        : $"X'{Convert.ToHexStringLower(bytes)}'";

    private DbConnection Open() => Database.Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(Database.ConnectionString)
        : new SqliteConnection(Database.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: under the temp folder.
        }
    }
}
