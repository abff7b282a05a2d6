using System.Data.Common;
using System.Globalization;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Bench.AuditLog;

/// <summary>
/// CPU time of the PostgreSQL backend serving the bench's connection, read from /proc/&lt;pid&gt;/schedstat (nanoseconds
/// on CPU) when the server runs on this machine, as pg_virtualenv's does. Zero where it cannot be read (SQLite, a
/// remote server).
/// </summary>
internal sealed class BackendCpu
{
    private readonly string? path;

    private BackendCpu(string? path, string source)
    {
        this.path = path;
        Source = source;
    }

    public string Source { get; }

    public static async Task<BackendCpu> OpenAsync(CreditHubDbContext db)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return new BackendCpu(null, "(not measured: not PostgreSQL)");
        }

        await db.Database.OpenConnectionAsync();
        DbConnection conn = db.Database.GetDbConnection();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT pg_backend_pid()";
        var pid = Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        var path = $"/proc/{pid}/schedstat";
        return File.Exists(path)
            ? new BackendCpu(path, $"{path} (backend pid {pid})")
            : new BackendCpu(null, $"(not measured: backend pid {pid} is not on this machine)");
    }

    public TimeSpan Now()
    {
        if (path is null)
        {
            return TimeSpan.Zero;
        }

        var text = File.ReadAllText(path);
        var ns = long.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ns / 100);
    }
}
