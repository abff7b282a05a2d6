using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Data;

/// <summary>
/// The PostgreSQL privileges of the role the hub runs as, when <c>db migrate</c> runs as the tables' owner
/// (<c>Database:AppRole</c>): everything the hub does at run time, and on the audit log only SELECT and INSERT. The
/// append-only trigger alone does not bind the tables' owner, who may disable it; a role that owns nothing can neither
/// change a log row nor disable the trigger (both 42501). Re-applied on every migrate, so tables added later are covered.
/// </summary>
internal sealed class AppRoleGrants(IOptions<DatabaseOptions> options) : ISchemaExtension
{
    public string Name => "app-role-grants";

    /// <summary>
    /// Fresh statistics after a bulk import (FileImporter). ANALYZE needs the table's owner on PostgreSQL 15, so the
    /// role calls this function, which runs as its owner; without it the planner would plan the receipts of a first
    /// import on an empty table's statistics (docs/benchmarks.md).
    /// </summary>
    public const string AnalyzeExchange = "SELECT credithub_analyze_exchange()";

    private const string AnalyzeFunction = """
        CREATE OR REPLACE FUNCTION credithub_analyze_exchange() RETURNS void LANGUAGE sql SECURITY DEFINER
          SET search_path = public AS 'ANALYZE exchange_records, exchange_input_rows';
        REVOKE ALL ON FUNCTION credithub_analyze_exchange() FROM PUBLIC;

        """;

    public string? Sql(DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return null;
        }

        if (options.Value.AppRole is not { Length: > 0 } role)
        {
            return AnalyzeFunction;
        }

        // The role name is checked at start (DatabaseOptions.IsRoleName), so it can be quoted into the script.
        var r = $"\"{role}\"";
        return AnalyzeFunction + $"""
            DO $check$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                RAISE EXCEPTION '数据库角色 {role} 不存在（配置项 Database:AppRole）：请先创建该角色，再执行 db migrate';
              END IF;
            END $check$;
            GRANT USAGE ON SCHEMA public TO {r};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r};
            REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_checkpoints FROM {r};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM {r};
            GRANT EXECUTE ON FUNCTION credithub_analyze_exchange() TO {r};
            """;
    }
}
