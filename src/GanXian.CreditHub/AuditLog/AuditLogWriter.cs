using System.Data.Common;
using GanXian.CreditHub.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Seals events into their chain and writes them in the caller's transaction. Per chain it first locks the chain's
/// head row (<c>UPDATE … RETURNING</c>: a row lock on PostgreSQL, the database write lock on SQLite), so concurrent
/// appenders queue up behind each other until the first one commits; the primary key (chain, seq) is the last line of
/// defence against a fork. Rows go in by binary COPY on PostgreSQL and by a prepared multi-row INSERT on SQLite.
/// </summary>
internal sealed class AuditLogWriter(TimeProvider clock, AuditCheckpointTrigger checkpointTrigger) : IAuditLog
{
    internal const string Columns =
        "chain, seq, occurred_at, kind, actor, catalog, record_id, batch_id, entity_key, state, payload_hash, detail, prev_hash, hash";

    private const int SqliteRowsPerStatement = 200;
    private const int SqliteColumns = 14;

    private static readonly ValueConverter SqliteTime = new DateTimeOffsetToBinaryConverter();

    public async Task AppendAsync(CreditHubDbContext db, IReadOnlyList<LogEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            Validate(e);
        }

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var tx = db.Database.CurrentTransaction!.GetDbTransaction();
        var now = AuditEncoding.Truncate(clock.GetUtcNow());

        // Chains are always locked in the same order, so two callers writing to both chains cannot deadlock.
        foreach (var chain in events.Select(e => e.Chain).Distinct().Order())
        {
            var (lastSeq, lastHash) = await LockHeadAsync(tx, chain, ct);
            var sealedEntries = Seal(events.Where(e => e.Chain == chain), chain, now, lastSeq, lastHash);
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await CopyAsync((NpgsqlConnection)tx.Connection!, sealedEntries, ct);
            }
            else
            {
                await InsertAsync((SqliteTransaction)tx, sealedEntries, ct);
            }

            var tail = sealedEntries[^1];
            await SetHeadAsync(tx, chain, tail.Seq, tail.Hash, ct);
            checkpointTrigger.Appended(chain, lastSeq, tail.Seq);
        }

        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
    }

    internal static List<AuditEntry> Seal(IEnumerable<LogEvent> events, LogChain chain, DateTimeOffset now, long lastSeq, byte[] lastHash)
    {
        var list = new List<AuditEntry>();
        var prev = lastHash;
        var seq = lastSeq;
        foreach (var e in events)
        {
            var entry = new AuditEntry
            {
                Chain = chain,
                Seq = ++seq,
                OccurredAt = now,
                Kind = e.Kind,
                Actor = e.Actor,
                Catalog = e.Catalog,
                RecordId = e.RecordId,
                BatchId = e.BatchId,
                EntityKey = e.EntityKey,
                State = e.State,
                PayloadHash = e.PayloadHash,
                Detail = e.Detail,
                PrevHash = prev,
            };
            entry.Hash = AuditEncoding.EntryHash(entry, prev);
            prev = entry.Hash;
            list.Add(entry);
        }

        return list;
    }

    private static void Validate(LogEvent e)
    {
        if (!Enum.IsDefined(e.Chain))
        {
            throw new ArgumentException($"Unknown audit chain {(int)e.Chain}.", nameof(e));
        }

        if (string.IsNullOrEmpty(e.Kind) || string.IsNullOrEmpty(e.Actor))
        {
            throw new ArgumentException("An audit event needs a Kind and an Actor.", nameof(e));
        }
    }

    internal static async Task<(long Seq, byte[] Hash)> LockHeadAsync(DbTransaction tx, LogChain chain, CancellationToken ct)
    {
        await using var cmd = Command(tx, "UPDATE audit_chain_heads SET last_seq = last_seq WHERE chain = @chain RETURNING last_seq, last_hash");
        Add(cmd, "chain", (short)chain);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"The head row of audit chain {chain} is missing: run `db migrate`.");
        }

        return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    private static async Task SetHeadAsync(DbTransaction tx, LogChain chain, long seq, byte[] hash, CancellationToken ct)
    {
        await using var cmd = Command(tx, "UPDATE audit_chain_heads SET last_seq = @seq, last_hash = @hash WHERE chain = @chain");
        Add(cmd, "seq", seq);
        Add(cmd, "hash", hash);
        Add(cmd, "chain", (short)chain);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection conn, List<AuditEntry> entries, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync($"COPY audit_entries ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in entries)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync((short)e.Chain, NpgsqlDbType.Smallint, ct);
            await importer.WriteAsync(e.Seq, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(e.Actor, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, e.Catalog, ct);
            await WriteNullableAsync(importer, e.RecordId, ct);
            await WriteNullableAsync(importer, e.BatchId, ct);
            await WriteNullableAsync(importer, e.EntityKey, ct);
            await WriteNullableAsync(importer, e.State, ct);
            await WriteNullableAsync(importer, e.PayloadHash, ct);
            await WriteNullableAsync(importer, e.Detail, ct);
            await importer.WriteAsync(e.PrevHash, NpgsqlDbType.Bytea, ct);
            await importer.WriteAsync(e.Hash, NpgsqlDbType.Bytea, ct);
        }

        await importer.CompleteAsync(ct);
    }

    private static async ValueTask WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(ct);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
    }

    private static async Task InsertAsync(SqliteTransaction tx, List<AuditEntry> entries, CancellationToken ct)
    {
        SqliteCommand? full = null;
        try
        {
            var at = 0;
            while (at < entries.Count)
            {
                var rows = Math.Min(SqliteRowsPerStatement, entries.Count - at);
                SqliteCommand cmd;
                if (rows == SqliteRowsPerStatement)
                {
                    full ??= PrepareInsert(tx, rows);
                    cmd = full;
                }
                else
                {
                    cmd = PrepareInsert(tx, rows);
                }

                for (var r = 0; r < rows; r++)
                {
                    Bind(cmd.Parameters, r * SqliteColumns, entries[at + r]);
                }

                await cmd.ExecuteNonQueryAsync(ct);
                if (!ReferenceEquals(cmd, full))
                {
                    await cmd.DisposeAsync();
                }

                at += rows;
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static SqliteCommand PrepareInsert(SqliteTransaction tx, int rows)
    {
        var values = string.Join(",", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(",", Enumerable.Range(0, SqliteColumns).Select(c => $"$p{r * SqliteColumns + c}")) + ")"));
        var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO audit_entries ({Columns}) VALUES {values}";
        for (var i = 0; i < rows * SqliteColumns; i++)
        {
            cmd.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Bind(SqliteParameterCollection p, int at, AuditEntry e)
    {
        p[at].Value = (short)e.Chain;
        p[at + 1].Value = e.Seq;
        p[at + 2].Value = SqliteTime.ConvertToProvider(e.OccurredAt);
        p[at + 3].Value = e.Kind;
        p[at + 4].Value = e.Actor;
        p[at + 5].Value = (object?)e.Catalog ?? DBNull.Value;
        p[at + 6].Value = (object?)e.RecordId ?? DBNull.Value;
        p[at + 7].Value = (object?)e.BatchId ?? DBNull.Value;
        p[at + 8].Value = (object?)e.EntityKey ?? DBNull.Value;
        p[at + 9].Value = (object?)e.State ?? DBNull.Value;
        p[at + 10].Value = (object?)e.PayloadHash ?? DBNull.Value;
        p[at + 11].Value = (object?)e.Detail ?? DBNull.Value;
        p[at + 12].Value = e.PrevHash;
        p[at + 13].Value = e.Hash;
    }

    internal static DbCommand Command(DbTransaction tx, string sql)
    {
        var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
