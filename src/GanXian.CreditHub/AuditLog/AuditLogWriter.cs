using System.Data.Common;
using System.Runtime.ExceptionServices;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Seals events into their chain and writes them in the caller's transaction. Per chain it first locks the chain's
/// head row (<c>UPDATE … RETURNING</c>: a row lock on PostgreSQL, the database write lock on SQLite), so concurrent
/// appenders queue up behind each other until the first one commits; the primary key (chain, seq) is the last line of
/// defence against a fork. Rows go in by a raw binary COPY on PostgreSQL (sealed straight into COPY format by
/// <see cref="AuditCopyRows"/>) and by a prepared multi-row INSERT on SQLite.
/// </summary>
internal sealed class AuditLogWriter(TimeProvider clock, AuditCheckpointTrigger checkpointTrigger) : IAuditLog
{
    internal const string Columns =
        "chain, seq, occurred_at, kind, actor, catalog, record_id, batch_id, entity_key, state, payload_hash, detail, prev_hash, hash";

    private const int CopyFlushBytes = 1 << 20;
    private const int SqliteRowsPerStatement = 200;
    private const int SqliteColumns = 14;

    private static readonly ValueConverter SqliteTime = new DateTimeOffsetToBinaryConverter();

    public async Task AppendAsync(CreditHubDbContext db, IReadOnlyList<LogEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        for (var i = 0; i < events.Count; i++)
        {
            Validate(events[i]);
        }

        events = Redacted(events);

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var tx = db.Database.CurrentTransaction!.GetDbTransaction();
        var now = AuditEncoding.Truncate(clock.GetUtcNow());

        // Chains are always locked in the same order, so two callers writing to both chains cannot deadlock.
        foreach (var chain in Chains(events))
        {
            var (lastSeq, lastHash) = await LockHeadAsync(tx, chain, ct);
            long tailSeq;
            byte[] tailHash;
            if (db.Provider == DatabaseProvider.Postgres)
            {
                (tailSeq, tailHash) = await CopyAsync((NpgsqlConnection)tx.Connection!, events, chain, now, lastSeq, lastHash, ct);
            }
            else
            {
                var sealedEntries = Seal(events.Where(e => e.Chain == chain), chain, now, lastSeq, lastHash);
                await InsertAsync((SqliteTransaction)tx, sealedEntries, ct);
                (tailSeq, tailHash) = (sealedEntries[^1].Seq, sealedEntries[^1].Hash);
            }

            await SetHeadAsync(tx, chain, tailSeq, tailHash, ct);
            checkpointTrigger.Appended(chain, lastSeq, tailSeq);
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

    /// <summary>
    /// The log is immutable, so an ID number a caller let slip into a field would stay there for good: mask it here,
    /// before it is hashed (DOMAIN.md §6). Callers already mask; this is the last line of defence.
    /// </summary>
    internal static IReadOnlyList<LogEvent> Redacted(IReadOnlyList<LogEvent> events)
    {
        List<LogEvent>? copy = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var key = e.EntityKey is { } k ? PersonalIdRedactor.MaskEntityKey(k) : null;
            var detail = e.Detail is { } d && PersonalIdRedactor.HasIdNumber(d) ? PersonalIdRedactor.Mask(d) : e.Detail;
            var actor = PersonalIdRedactor.HasIdNumber(e.Actor) ? PersonalIdRedactor.Mask(e.Actor) : e.Actor;
            var changed = key != e.EntityKey || !ReferenceEquals(detail, e.Detail) || !ReferenceEquals(actor, e.Actor);
            if (changed && copy is null)
            {
                copy = [.. events.Take(i)];
            }

            copy?.Add(changed ? e with { EntityKey = key, Detail = detail, Actor = actor } : e);
        }

        return copy ?? events;
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
            throw new InvalidOperationException($"审计{ChainNames.Chinese(chain)}的链头行（audit_chain_heads）缺失：请先运行 db migrate");
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

    /// <summary>The chains present, in lock order (exchange before operation).</summary>
    private static List<LogChain> Chains(IReadOnlyList<LogEvent> events)
    {
        var chains = new List<LogChain>(2);
        for (var i = 0; i < events.Count; i++)
        {
            if (!chains.Contains(events[i].Chain))
            {
                chains.Add(events[i].Chain);
            }
        }

        chains.Sort();
        return chains;
    }

    /// <summary>
    /// Seals the chain's events into binary COPY rows and streams them with a raw binary COPY (one COPY per call, sent
    /// in pieces of about <see cref="CopyFlushBytes"/> so that memory stays bounded for very long lists).
    /// </summary>
    private static async Task<(long Seq, byte[] Hash)> CopyAsync(NpgsqlConnection conn, IReadOnlyList<LogEvent> events, LogChain chain,
        DateTimeOffset now, long lastSeq, byte[] lastHash, CancellationToken ct)
    {
        using var rows = new AuditCopyRows(chain, now, lastSeq, lastHash, Math.Min(CopyFlushBytes, events.Count * 400) + 1024);
        await using var copy = await conn.BeginRawBinaryCopyAsync($"COPY audit_entries ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Chain != chain)
                {
                    continue;
                }

                rows.Add(events[i]);
                if (rows.Length >= CopyFlushBytes)
                {
                    await copy.WriteAsync(rows.Take(last: false), ct);
                }
            }

            await copy.WriteAsync(rows.Take(last: true), ct);
        }
        catch (Exception original)
        {
            // Without this, disposing the stream would end the COPY and keep whatever part was sent. If the connection
            // is already broken the cancel fails too; the transaction is lost either way, so report the first error.
            try
            {
                await copy.CancelAsync();
            }
            catch (Exception cancel) when (cancel is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                ExceptionDispatchInfo.Capture(original).Throw();
            }

            throw;
        }

        return (rows.LastSeq, rows.LastHash.ToArray());
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
