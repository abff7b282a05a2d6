using System.Data.Common;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Thin ADO.NET helpers for the exchange's set-based SQL, run on the context's own connection and transaction so that
/// <see cref="AuditLog.IAuditLog"/> entries commit with the state change they record.
/// </summary>
internal sealed class ExchangeSql(CreditHubDbContext db)
{
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    public CreditHubDbContext Db => db;

    public bool IsPostgres => db.Provider == DatabaseProvider.Postgres;

    public DbConnection Connection => db.Database.GetDbConnection();

    public DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    public Task OpenAsync(CancellationToken ct) => db.Database.OpenConnectionAsync(ct);

    public async Task<IDbContextTransaction> BeginAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return await db.Database.BeginTransactionAsync(ct);
    }

    /// <summary>A timestamp as the provider stores it (SQLite keeps DateTimeOffset as a sortable long).</summary>
    public object Time(DateTimeOffset value) => IsPostgres ? value.ToUniversalTime() : SqliteTime.ConvertToProvider(value)!;

    public object? Date(DateOnly? value) => value is null ? null : IsPostgres ? value.Value : value.Value.ToString("yyyy-MM-dd");

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        var value = await cmd.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
