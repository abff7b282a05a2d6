using System.Net;
using System.Net.Sockets;
using GanXian.CreditHub.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GanXian.CreditHub.Tests.Data;

/// <summary>The usual database failures are said in Chinese with what to do, without the driver's English.</summary>
public sealed class DatabaseErrorsTests
{
    private static bool HasAsciiWords(string line) => System.Text.RegularExpressions.Regex.IsMatch(line, "[A-Za-z]{3,} [a-z]{3,}");

    [Fact]
    public void A_database_not_yet_migrated_says_to_run_db_migrate()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM audit_entries";
        var ex = Assert.Throws<SqliteException>(() => command.ExecuteScalar());

        var line = DatabaseErrors.Describe(ex)!;

        Assert.Contains("请先运行 db migrate", line);
        Assert.False(HasAsciiWords(line), line);
    }

    [Fact]
    public void A_SQLite_file_in_a_folder_that_is_not_there_is_named_as_such()
    {
        var path = Path.Combine(Path.GetTempPath(), "credithub-no-such-folder", "hub.db");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadWrite");
        var ex = Assert.Throws<SqliteException>(connection.Open);

        var line = DatabaseErrors.Describe(ex)!;

        Assert.Contains("无法打开 SQLite 数据库文件", line);
        Assert.Contains("Database:ConnectionString", line);
        Assert.False(HasAsciiWords(line), line);
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_refuses_the_connection_is_named_as_such()
    {
        // A port nothing listens on: bind one, then release it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=x;Password=y;Timeout=5");
        var ex = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        var line = DatabaseErrors.Describe(ex)!;

        Assert.StartsWith("无法连接数据库服务器：连接被拒绝", line);
        Assert.False(HasAsciiWords(line), line);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.InvalidPassword, "用户名或密码错误")]
    [InlineData(PostgresErrorCodes.InvalidCatalogName, "没有连接字符串中的数据库")]
    [InlineData(PostgresErrorCodes.UndefinedTable, "db migrate")]
    [InlineData(PostgresErrorCodes.InvalidAuthorizationSpecification, "pg_hba.conf")]
    public void PostgreSQL_s_usual_refusals_are_said_in_Chinese(string sqlState, string expected)
    {
        var line = DatabaseErrors.Describe(new PostgresException("password authentication failed for user \"credithub\"", "FATAL", "FATAL", sqlState))!;

        Assert.Contains(expected, line);
        Assert.DoesNotContain("password authentication", line);
    }

    [Fact]
    public void An_unusual_failure_keeps_the_driver_s_words_marked_as_such()
    {
        var line = DatabaseErrors.Describe(new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure))!;

        Assert.Contains("数据库驱动的原始信息：", line);
        Assert.Contains("could not serialize access", line);
    }
}
