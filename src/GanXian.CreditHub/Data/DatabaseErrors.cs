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
