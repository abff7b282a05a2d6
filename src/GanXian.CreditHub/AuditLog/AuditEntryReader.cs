using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Streams a chain's entries in sequence order with constant memory. It reads windows of the primary key
/// (<c>seq BETWEEN a AND b</c>) rather than one open-ended query: for a whole chain the planner would otherwise choose
/// a full scan plus a sort of every row (hundreds of megabytes on disk), while each window is a plain index range scan
/// over rows that lie in that order anyway.
/// </summary>
internal static class AuditEntryReader
{
    public const long DefaultWindow = 50_000;

    private static readonly ValueConverter SqliteTime = new DateTimeOffsetToBinaryConverter();

    /// <summary>Yields one reused <see cref="AuditEntry"/> instance per row: copy what you keep.</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(DbConnection conn, LogChain chain, long from, long? to,
        [EnumeratorCancellation] CancellationToken ct, long window = DefaultWindow)
    {
        var max = await MaxSeqAsync(conn, chain, ct);
        var last = to is { } t ? Math.Min(t, max) : max;
        var entry = new AuditEntry();
        for (var start = from; start <= last; start += window)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT {AuditLogWriter.Columns} FROM audit_entries WHERE chain = @chain AND seq >= @from AND seq <= @to ORDER BY seq";
            AuditLogWriter.Add(cmd, "chain", (short)chain);
            AuditLogWriter.Add(cmd, "from", start);
            AuditLogWriter.Add(cmd, "to", Math.Min(last, start + window - 1));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Read(reader, entry);
                yield return entry;
            }
        }
    }

    public static async Task<long> MaxSeqAsync(DbConnection conn, LogChain chain, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT MAX(seq) FROM audit_entries WHERE chain = @chain";
        AuditLogWriter.Add(cmd, "chain", (short)chain);
        return await cmd.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
    }

    public static void Read(DbDataReader r, AuditEntry e)
    {
        e.Chain = (LogChain)Convert.ToInt16(r.GetValue(0), CultureInfo.InvariantCulture);
        e.Seq = r.GetInt64(1);
        e.OccurredAt = r.GetFieldType(2) == typeof(long)
            ? (DateTimeOffset)SqliteTime.ConvertFromProvider(r.GetInt64(2))!
            : new DateTimeOffset(r.GetFieldValue<DateTime>(2), TimeSpan.Zero);
        e.Kind = r.GetString(3);
        e.Actor = r.GetString(4);
        e.Catalog = Text(r, 5);
        e.RecordId = Text(r, 6);
        e.BatchId = Text(r, 7);
        e.EntityKey = Text(r, 8);
        e.State = Text(r, 9);
        e.PayloadHash = Text(r, 10);
        e.Detail = Text(r, 11);
        e.PrevHash = r.IsDBNull(12) ? [] : r.GetFieldValue<byte[]>(12);
        e.Hash = r.IsDBNull(13) ? [] : r.GetFieldValue<byte[]>(13);
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
