using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GanXian.CreditHub.Data;

/// <summary>
/// Turns a failure to reach or use the configured database into one operator-readable line naming the setting. The
/// drivers' own texts are English ("SQLite Error 1: 'no such table: audit_entries'", "Failed to connect to
/// 127.0.0.1:5432"); the usual causes are said in Chinese with what to do, and only an unusual one keeps the
/// driver's words, marked as such.
/// </summary>
public static class DatabaseErrors
{
    private const string Settings = $"请检查配置项 {DatabaseOptions.Section}:Provider 与 {DatabaseOptions.Section}:ConnectionString";

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
                case PostgresException pg when Postgres(pg) is { } reason:
                    return $"无法使用数据库：{reason}";
                case SqliteException sqlite when Sqlite(sqlite) is { } reason:
                    return $"无法使用数据库：{reason}";
                case NpgsqlException { InnerException: SocketException socket }:
                    return $"无法连接数据库服务器：{Socket(socket)}（{Settings}）";
                case NpgsqlException { InnerException: TimeoutException }:
                    return $"连接数据库服务器超时：服务器没有应答，或网络不通（{Settings}）";
                case NpgsqlException or SqliteException or DbException:
                    return $"无法连接或使用数据库（{Settings}）。数据库驱动的原始信息：{e.Message}";
                case ArgumentException when e.StackTrace?.Contains("ConnectionString", StringComparison.Ordinal) == true:
                    return $"配置项 {DatabaseOptions.Section}:ConnectionString 无效：{e.Message}";
                case SocketException socket:
                    return $"无法连接数据库服务器：{Socket(socket)}（{Settings}）";
            }
        }

        return null;
    }

    private const string NotMigrated = "数据库中缺少本平台的表，尚未初始化或迁移未完成：请先运行 db migrate（db status 列出待应用的迁移）";

    private static string? Postgres(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.InvalidPassword => $"数据库登录失败，用户名或密码错误（{Settings}）",
        PostgresErrorCodes.InvalidAuthorizationSpecification => $"数据库服务器拒绝了此连接：pg_hba.conf 中没有允许该用户从此主机连接的规则，或用户不存在（{Settings}）",
        PostgresErrorCodes.InvalidCatalogName => $"数据库服务器上没有连接字符串中的数据库，请先创建它（{Settings}）",
        PostgresErrorCodes.UndefinedTable => NotMigrated,
        PostgresErrorCodes.CannotConnectNow => "数据库服务器正在启动或关闭，请稍后重试",
        PostgresErrorCodes.TooManyConnections => "数据库服务器的连接数已满（max_connections），请稍后重试或减少连接",
        PostgresErrorCodes.DiskFull => "数据库服务器磁盘已满",
        PostgresErrorCodes.ReadOnlySqlTransaction => $"数据库处于只读状态（备库或只读事务），请连接主库（{Settings}）",
        _ => null,
    };

    private static string? Sqlite(SqliteException sqlite) => sqlite.SqliteErrorCode switch
    {
        1 when sqlite.Message.Contains("no such table", StringComparison.Ordinal) => NotMigrated,
        14 => $"无法打开 SQLite 数据库文件：所在目录不存在或没有权限（{Settings}）",
        5 or 6 => "SQLite 数据库正被另一个进程占用（锁定），请稍后重试",
        8 => "SQLite 数据库文件只读：请检查文件及其目录的写权限",
        10 => "读写 SQLite 数据库文件时出错（磁盘故障或文件被移走）",
        11 => "SQLite 数据库文件已损坏：请从备份恢复",
        13 => "磁盘已满，无法写入 SQLite 数据库",
        26 => $"所给文件不是 SQLite 数据库（{Settings}）",
        _ => null,
    };

    private static string Socket(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "连接被拒绝（服务器上没有运行数据库服务，或主机、端口有误）",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "找不到数据库主机（主机名有误或 DNS 不可用）",
        SocketError.TimedOut => "连接超时（网络不通或被防火墙拦截）",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "网络不可达",
        SocketError.ConnectionReset => "连接被服务器断开",
        _ => $"网络错误 {socket.SocketErrorCode}",
    };
}
