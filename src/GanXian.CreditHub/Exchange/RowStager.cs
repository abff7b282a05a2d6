using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Writes a file's rows into the transaction's temporary table <c>exchange_stage</c>: binary COPY on PostgreSQL,
/// a prepared insert on SQLite. Nothing here is visible outside the transaction, so a file that fails mid-stream
/// leaves nothing behind.
/// </summary>
internal abstract class RowStager : IAsyncDisposable
{
    private const string Columns = "row_no, record_id, content_hash, data, publish_until, entity_key, issues, field, rule, message, original";

    public static async Task<RowStager> StartAsync(ExchangeSql sql, CancellationToken ct)
    {
        if (sql.IsPostgres)
        {
            // Temporary tables live in the session's own buffers (8 MB by default): a million staged rows (~500 MB)
            // would be read back from the kernel for every statement of the merge. Takes effect only before the
            // session's first temporary table, which is this one on a fresh connection (otherwise it is ignored).
            await sql.ExecuteAsync("SET temp_buffers = '1GB'", ct);
            // The previous worksheet's stage, when a workbook's sheets are imported one after the other in one transaction.
            await sql.ExecuteAsync("DROP TABLE IF EXISTS pg_temp.exchange_stage", ct);
            await sql.ExecuteAsync(
                "CREATE TEMP TABLE exchange_stage (row_no bigint NOT NULL, record_id text, content_hash text, data text, publish_until date, " +
                "entity_key text, issues text, field text, rule text, message text, original text) ON COMMIT DROP", ct);
            var conn = (NpgsqlConnection)sql.Connection;
            return new PostgresStager(await conn.BeginBinaryImportAsync($"COPY exchange_stage ({Columns}) FROM STDIN (FORMAT BINARY)", ct));
        }

        await sql.ExecuteAsync("DROP TABLE IF EXISTS temp.exchange_stage", ct);
        await sql.ExecuteAsync(
            "CREATE TEMP TABLE exchange_stage (row_no INTEGER NOT NULL, record_id TEXT, content_hash TEXT, data TEXT, publish_until TEXT, " +
            "entity_key TEXT, issues TEXT, field TEXT, rule TEXT, message TEXT, original TEXT)", ct);
        var cmd = sql.Command($"INSERT INTO exchange_stage ({Columns}) VALUES ($r, $id, $h, $d, $p, $k, $i, $f, $ru, $m, $o)",
            ("$r", 0L), ("$id", null), ("$h", null), ("$d", null), ("$p", null), ("$k", null), ("$i", null), ("$f", null), ("$ru", null), ("$m", null), ("$o", null));
        cmd.Prepare();
        return new SqliteStager(cmd);
    }

    /// <summary>Indexes the staged rows once they are all in (cheaper than maintaining the index during the load).</summary>
    public static async Task IndexAsync(ExchangeSql sql, CancellationToken ct)
    {
        await sql.ExecuteAsync("CREATE INDEX exchange_stage_record ON exchange_stage (record_id)", ct);
        await sql.ExecuteAsync("CREATE INDEX exchange_stage_row ON exchange_stage (row_no)", ct);
        await sql.ExecuteAsync(sql.IsPostgres ? "ANALYZE exchange_stage" : "ANALYZE temp.exchange_stage", ct);
    }

    public abstract ValueTask WriteAsync(StagedRow row, CancellationToken ct);

    public abstract ValueTask CompleteAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    private sealed class PostgresStager(NpgsqlBinaryImporter copy) : RowStager
    {
        public override async ValueTask WriteAsync(StagedRow r, CancellationToken ct)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.Row, NpgsqlDbType.Bigint, ct);
            await Text(r.RecordId, ct);
            await Text(r.ContentHash, ct);
            await Text(r.Data, ct);
            if (r.PublishUntil is { } until)
            {
                await copy.WriteAsync(until, NpgsqlDbType.Date, ct);
            }
            else
            {
                await copy.WriteNullAsync(ct);
            }

            await Text(r.EntityKey, ct);
            await Text(r.Issues, ct);
            await Text(r.Field, ct);
            await Text(r.Rule, ct);
            await Text(r.Message, ct);
            await Text(r.Original, ct);
        }

        public override async ValueTask CompleteAsync(CancellationToken ct)
        {
            await copy.CompleteAsync(ct);
            await copy.DisposeAsync();
        }

        public override ValueTask DisposeAsync() => copy.DisposeAsync();

        private Task Text(string? value, CancellationToken ct) =>
            value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
    }

    private sealed class SqliteStager(DbCommand insert) : RowStager
    {
        public override async ValueTask WriteAsync(StagedRow r, CancellationToken ct)
        {
            var p = insert.Parameters;
            p[0].Value = r.Row;
            p[1].Value = (object?)r.RecordId ?? DBNull.Value;
            p[2].Value = (object?)r.ContentHash ?? DBNull.Value;
            p[3].Value = (object?)r.Data ?? DBNull.Value;
            p[4].Value = (object?)r.PublishUntil?.ToString("yyyy-MM-dd") ?? DBNull.Value;
            p[5].Value = (object?)r.EntityKey ?? DBNull.Value;
            p[6].Value = (object?)r.Issues ?? DBNull.Value;
            p[7].Value = (object?)r.Field ?? DBNull.Value;
            p[8].Value = (object?)r.Rule ?? DBNull.Value;
            p[9].Value = (object?)r.Message ?? DBNull.Value;
            p[10].Value = (object?)r.Original ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }

        public override ValueTask CompleteAsync(CancellationToken ct) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => insert.DisposeAsync();
    }
}
