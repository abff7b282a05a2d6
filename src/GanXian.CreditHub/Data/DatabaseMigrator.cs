using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GanXian.CreditHub.Data;

/// <summary>Applies and inspects EF Core migrations of whichever provider the host was configured with.</summary>
public sealed class DatabaseMigrator(
    CreditHubDbContext db, IEnumerable<ISchemaExtension> extensions, IEnumerable<ISchemaProvisioner> provisioners, ILogger<DatabaseMigrator> logger)
{
    /// <summary>
    /// <c>db migrate</c>: the pending migrations, the schemas libraries create themselves, then every schema extension
    /// (the grants cover whatever was added since).
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        var pending = await PendingAsync(ct);
        if (pending.Count > 0)
        {
            if (db.Provider == DatabaseProvider.Postgres && !await HistoryTableExistsAsync(ct))
            {
                // Created first, or MigrateAsync's own first read of it fails and is logged as above.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            }

            logger.LogInformation("正在应用 {Count} 个迁移（{Provider} 数据库）：{Migrations}", pending.Count, db.Provider, pending);
            await db.Database.MigrateAsync(ct);
        }

        foreach (var provisioner in provisioners)
        {
            await provisioner.ProvisionAsync(ct);
        }

        foreach (var extension in extensions)
        {
            if (extension.Sql(db.Provider) is { Length: > 0 } sql)
            {
                await db.Database.ExecuteSqlRawAsync(sql, ct);
            }
        }

        return pending;
    }

    /// <summary>
    /// What <c>serve</c> and <c>exchange</c> do at start (<c>Database:MigrateOnStart</c>): migrate only when a migration is
    /// pending. A schema that is up to date is left alone, so the hub can run as an application role that owns nothing
    /// (<c>Database:AppRole</c>), which may not create the extensions' functions and grants, without further settings.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateIfPendingAsync(CancellationToken ct) =>
        (await PendingAsync(ct)).Count > 0 ? await MigrateAsync(ct) : [];

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres && !await HistoryTableExistsAsync(ct))
        {
            // Npgsql's provider finds out that the history table is missing by querying it, and EF Core logs that failed
            // query as an error (npgsql/efcore.pg#3407): two "Failed executing DbCommand" lines on every first migration,
            // which read as a failure to an operator. On an empty database every migration is pending.
            return db.Database.GetMigrations().ToList();
        }

        return (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    }

    /// <summary>Unqualified, as EF Core names the table: resolved through the connection's search_path like its own queries.</summary>
    private Task<bool> HistoryTableExistsAsync(CancellationToken ct) =>
        db.Database.SqlQueryRaw<bool>("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL AS \"Value\"").SingleAsync(ct);
}
