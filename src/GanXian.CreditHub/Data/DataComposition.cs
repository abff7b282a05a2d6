using GanXian.CreditHub.Data.Postgres;
using GanXian.CreditHub.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GanXian.CreditHub.Data;

public static class DataComposition
{
    public static WebApplicationBuilder AddHubData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure<IHostEnvironment>((o, env) =>
            {
                if (DatabaseOptions.ParseProvider(o.Provider) == DatabaseProvider.Sqlite)
                {
                    o.ConnectionString = SqliteConnectionStrings.RelativeTo(o.ConnectionString, env.ContentRootPath);
                }
            })
            .Validate(o => DatabaseOptions.ParseProvider(o.Provider) is not null,
                "配置项 Database:Provider 的值无效，应为 Sqlite 或 Postgres")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "缺少配置项 Database:ConnectionString")
            .Validate(o => string.IsNullOrWhiteSpace(o.ConnectionString) || DatabaseOptions.ParseProvider(o.Provider) != DatabaseProvider.Postgres
                           || IsParsablePostgres(o.ConnectionString),
                "配置项 Database:ConnectionString 不是有效的 PostgreSQL 连接字符串")
            .Validate(o => DatabaseOptions.IsRoleName(o.AppRole), "配置项 Database:AppRole 应为数据库角色名（小写字母、数字、下划线）")
            .ValidateOnStart();

        // The provider is read once here: it decides which context type (and so which migrations) the host uses.
        var provider = DatabaseOptions.ParseProvider(builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite")
                       ?? DatabaseProvider.Sqlite;
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<CreditHubDbContext, PostgresCreditHubDbContext>((sp, o) =>
                o.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        }
        else
        {
            services.AddDbContext<CreditHubDbContext, SqliteCreditHubDbContext>((sp, o) =>
                o.UseSqlite(SqliteConnectionStrings.Prepare(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString)));
        }

        services.AddScoped<DatabaseMigrator>();
        services.AddSingleton<ISchemaExtension, AppRoleGrants>();
        return builder;
    }

    private static bool IsParsablePostgres(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
