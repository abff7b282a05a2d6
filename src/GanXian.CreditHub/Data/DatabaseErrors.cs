using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GanXian.CreditHub.Data;

/// <summary>Turns a failure to reach the configured database into one operator-readable line naming the setting.</summary>
public static class DatabaseErrors
{
    public static string? Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied:
                    // The connection works; the role may not do this. Most often: the hub runs as the application role
                    // (which owns nothing) while a migration is pending, which only the tables' owner can apply.
                    return $"数据库角色无权执行此操作：{denied.MessageText}。若 {DatabaseOptions.Section}:ConnectionString 使用的是应用角色" +
                        $"（{DatabaseOptions.Section}:AppRole），请先以表的所有者运行 db migrate（db status 列出待应用的迁移），再以应用角色启动";
                case NpgsqlException or SqliteException or DbException:
                    return $"无法连接或使用数据库（请检查配置项 {DatabaseOptions.Section}:Provider 与 {DatabaseOptions.Section}:ConnectionString）：{e.Message}";
                case ArgumentException when e.StackTrace?.Contains("ConnectionString", StringComparison.Ordinal) == true:
                    return $"配置项 {DatabaseOptions.Section}:ConnectionString 无效：{e.Message}";
                case System.Net.Sockets.SocketException:
                    return $"无法连接数据库（请检查配置项 {DatabaseOptions.Section}:ConnectionString）：{e.Message}";
            }
        }

        return null;
    }
}
