using GanXian.CreditHub.Data;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Makes the log append-only in the database itself: a trigger refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE)
/// of entries and checkpoints, whoever the caller is. A trigger rather than privileges because the hub usually runs
/// migrations under the same role that owns the tables, and an owner cannot be denied on its own table. With
/// <c>Database:AppRole</c> the hub runs as a role that owns nothing and gets no UPDATE, DELETE or TRUNCATE on the log
/// (<see cref="Data.AppRoleGrants"/>, docs/audit-log.md).
/// Someone who can disable the trigger (owner or superuser) can still change rows: the hash chain and the signed
/// checkpoints outside the database are what reveal it.
/// </summary>
internal sealed class AuditSchemaExtension : ISchemaExtension
{
    private static readonly string[] Tables = ["audit_entries", "audit_checkpoints"];

    public string Name => "audit-log-append-only";

    public string? Sql(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => Postgres(),
        DatabaseProvider.Sqlite => Sqlite(),
        _ => null,
    };

    private static string Postgres()
    {
        var sql = """
            CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              RAISE EXCEPTION '审计日志只允许追加：拒绝对表 % 执行 %', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
            END
            $fn$;

            """;
        foreach (var t in Tables)
        {
            sql += $"""
                DROP TRIGGER IF EXISTS {t}_no_change ON {t};
                CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
                DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};
                CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

                """;
        }

        return sql;
    }

    private static string Sqlite()
    {
        var sql = "";
        foreach (var t in Tables)
        {
            sql += $"""
                CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, '审计日志只允许追加：拒绝修改 {t}'); END;
                CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, '审计日志只允许追加：拒绝删除 {t}'); END;

                """;
        }

        return sql;
    }
}
