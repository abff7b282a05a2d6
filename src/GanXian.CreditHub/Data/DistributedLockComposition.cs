using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GanXian.CreditHub.Data;

public static class DistributedLockComposition
{
    /// <summary>Registers the <see cref="IDistributedLock"/> of the configured provider (idempotent: any capability may call it).</summary>
    public static IServiceCollection AddHubDistributedLock(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseOptions.ParseProvider(configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite") ?? DatabaseProvider.Sqlite;
        if (provider == DatabaseProvider.Postgres)
        {
            services.TryAddSingleton<DistributedLockPostgres>();
            services.TryAddSingleton<IDistributedLock>(sp => new ReentrantDistributedLock(sp.GetRequiredService<DistributedLockPostgres>()));
        }
        else
        {
            services.TryAddSingleton<DistributedLockSqlite>();
            services.TryAddSingleton<IDistributedLock>(sp => new ReentrantDistributedLock(sp.GetRequiredService<DistributedLockSqlite>()));
        }

        return services;
    }
}
