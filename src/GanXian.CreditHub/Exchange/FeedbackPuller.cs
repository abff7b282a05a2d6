using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Pulls problem-data feedback (问题数据反馈): each page is stored (with its quarantine items and the records marked
/// rejected) in one transaction, and only then acknowledged. Feedback seen again after a crash before the
/// acknowledgement is recognised by its id and only acknowledged.
/// </summary>
internal sealed class FeedbackPuller(ExchangeSql sql, IPlatformApi api, IAuditLog audit, TimeProvider clock)
{
    public async Task<int> PullAsync(string actor, Dictionary<string, long> perCatalog, CancellationToken ct)
    {
        var total = 0;
        string? cursor = null;
        do
        {
            var page = await api.GetFeedbackAsync(cursor, 500, ct);
            var fresh = await StoreAsync(page.Items.Select(Complete).ToList(), actor, ct);
            foreach (var item in fresh)
            {
                perCatalog[item.Catalog] = perCatalog.GetValueOrDefault(item.Catalog) + 1;
            }

            total += fresh.Count;
            foreach (var item in page.Items)
            {
                await api.AcknowledgeFeedbackAsync(item.FeedbackId, ct);
                await sql.ExecuteAsync("UPDATE exchange_feedback SET acknowledged_at = @t WHERE feedback_id = @id", ct,
                    ("@t", sql.Time(clock.GetUtcNow())), ("@id", item.FeedbackId));
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return total;
    }

    /// <summary>
    /// An item the platform sent without its catalogue, recordId, code or message is still stored and shown (with
    /// what it lacks said in Chinese): those columns are required, and one such item failed its page's transaction in
    /// every run, so the page was never acknowledged and the feedback phase never got past it.
    /// </summary>
    private static FeedbackItem Complete(FeedbackItem item) => item with
    {
        Catalog = string.IsNullOrWhiteSpace(item.Catalog) ? "" : item.Catalog,
        RecordId = string.IsNullOrWhiteSpace(item.RecordId) ? "" : item.RecordId,
        Code = string.IsNullOrWhiteSpace(item.Code) ? "UNSPECIFIED" : item.Code,
        Message = (string.IsNullOrWhiteSpace(item.Message) ? "平台未说明原因" : item.Message)
                  + (string.IsNullOrWhiteSpace(item.RecordId) ? "（平台未注明记录）" : ""),
    };

    private async Task<List<FeedbackItem>> StoreAsync(IReadOnlyList<FeedbackItem> items, string actor, CancellationToken ct)
    {
        var fresh = new List<FeedbackItem>();
        if (items.Count == 0)
        {
            return fresh;
        }

        await using var tx = await sql.BeginAsync(ct);
        var now = sql.Time(clock.GetUtcNow());
        var events = new List<LogEvent>();
        foreach (var item in items)
        {
            var message = PersonalIdRedactor.Mask(item.Message);
            var inserted = await sql.ExecuteAsync(
                "INSERT INTO exchange_feedback (feedback_id, catalog, record_id, code, message, created_at, received_at) VALUES (@id, @c, @r, @code, @m, @ca, @t) " +
                "ON CONFLICT (feedback_id) DO NOTHING",
                ct, ("@id", item.FeedbackId), ("@c", item.Catalog), ("@r", item.RecordId), ("@code", item.Code), ("@m", message),
                ("@ca", sql.Time(item.CreatedAt)), ("@t", now));
            if (inserted == 0)
            {
                continue;
            }

            fresh.Add(item);
            (string, object?)[] p = [("@id", item.FeedbackId), ("@c", item.Catalog), ("@r", item.RecordId), ("@code", item.Code), ("@m", "平台问题数据反馈：" + message), ("@t", now),
                ("@issues", ExchangeJson.Issues([new RecordIssue(null, null, item.Code, "平台问题数据反馈：" + message)]))];
            await sql.ExecuteAsync(
                "INSERT INTO exchange_quarantine (kind, catalog, record_id, file_id, file_name, source_row, rule, message, issues, data, content_hash, status, created_at, feedback_id) " +
                "SELECT 'feedback', @c, @r, r.source_file_id, f.file_name, r.source_row, @code, @m, @issues, r.data, r.content_hash, 'open', @t, @id " +
                "FROM (SELECT 1 AS one) o LEFT JOIN exchange_records r ON r.catalog = @c AND r.record_id = @r LEFT JOIN exchange_files f ON f.id = r.source_file_id",
                ct, p);
            await sql.ExecuteAsync(
                "UPDATE exchange_records SET state = 'rejected', updated_at = @t WHERE catalog = @c AND record_id = @r AND state = 'accepted'", ct, p);
            // The entry states what the record is now: only an accepted record becomes rejected; one on its way with
            // newer content stays pending or sending, and feedback may name a record the hub never had.
            await using var find = sql.Command("SELECT state FROM exchange_records WHERE catalog = @c AND record_id = @r", ("@c", item.Catalog), ("@r", item.RecordId));
            var state = await find.ExecuteScalarAsync(ct) as string;
            events.Add(new LogEvent
            {
                Chain = LogChain.Exchange, Kind = "record.feedback", Actor = actor, Catalog = item.Catalog, RecordId = item.RecordId,
                State = state, Detail = $"{item.FeedbackId} {item.Code} {message}" + (state is null ? "（本系统没有这条记录）" : ""),
            });
        }

        if (events.Count > 0)
        {
            await audit.AppendAsync(sql.Db, events, ct);
        }

        await tx.CommitAsync(ct);
        return fresh;
    }
}
