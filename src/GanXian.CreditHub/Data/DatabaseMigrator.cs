using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Data;

/// <summary>Applies and inspects EF Core migrations of whichever provider the host was configured with.</summary>
public sealed class DatabaseMigrator(CreditHubDbContext db, IEnumerable<ISchemaExtension> extensions, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migrations on {Provider}: {Migrations}", pending.Count, db.Provider, pending);
            await db.Database.MigrateAsync(ct);
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

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct) =>
        (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
}
