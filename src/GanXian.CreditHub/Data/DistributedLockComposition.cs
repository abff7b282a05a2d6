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
            services.TryAddSingleton<IDistributedLock, DistributedLockPostgres>();
        }
        else
        {
            services.TryAddSingleton<IDistributedLock, DistributedLockSqlite>();
        }

        return services;
    }
}
