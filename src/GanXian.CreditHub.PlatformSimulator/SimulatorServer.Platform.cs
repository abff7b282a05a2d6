using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.PlatformSimulator.Catalogs;
using GanXian.CreditHub.PlatformSimulator.Http;
using GanXian.CreditHub.PlatformSimulator.State;
using GanXian.CreditHub.Validation.Identifiers;
using WireMock;

namespace GanXian.CreditHub.PlatformSimulator;

// The contract's endpoints (PLATFORM-API.md §3–6), behind the fault pipeline and the signature check.
public sealed partial class SimulatorServer
{
    public const int MaxRecordsPerBatch = 500;
    public const int MaxBatchBytes = 5 * 1024 * 1024;
    public const int MaxPageSize = 1000;
    public const int MaxFeedbackPageSize = 500;

    private void MapPlatform()
    {
        Map("GET", Exact("/api/v1/catalogs"), r => Platform(r, _ => Replies.Json(200, _catalogs.Json)));
        Map("POST", Regex(@"^/api/v1/catalogs/[^/]+/batches$"), r => Platform(r, SubmitBatch));
        Map("GET", Regex(@"^/api/v1/catalogs/[^/]+/records/[^/]+$"), r => Platform(r, GetRecord));
        Map("GET", Regex(@"^/api/v1/catalogs/[^/]+/records$"), r => Platform(r, GetRecords));
        Map("GET", Exact("/api/v1/feedback"), r => Platform(r, GetFeedback));
        Map("POST", Regex(@"^/api/v1/feedback/[^/]+/ack$"), r => Platform(r, AcknowledgeFeedback));
        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE", "PATCH" })
        {
            Map(method, Regex("^/api/.*"), r => Platform(r, _ => Replies.Error(404, "NOT_FOUND", "没有这个接口")), priority: 100);
        }
    }

    /// <summary>Faults first (as a gateway in front of the platform would), then the signature, then the work.</summary>
    private async Task<IResponseMessage> Platform(IRequestMessage request, Func<IRequestMessage, IResponseMessage> handler)
    {
        Interlocked.Increment(ref _requests);
        var f = CurrentFaults();
        var delay = f.LatencyMs + (f.JitterMs > 0 ? Random.Shared.Next(f.JitterMs + 1) : 0);
        if (delay > 0)
        {
            await Task.Delay(delay);
        }

        if (f.Maintenance)
        {
            Interlocked.Increment(ref _serverErrors);
            return Replies.Error(503, "MAINTENANCE", "平台维护中，请稍后重试", f.RetryAfterSeconds);
        }

        if (Take(ref _errorNext) || Chance(f.ErrorRate))
        {
            Interlocked.Increment(ref _serverErrors);
            return Replies.Error(f.ErrorStatus, "INTERNAL_ERROR", "平台内部错误（模拟故障）");
        }

        if (Take(ref _rateLimitNext) || Chance(f.RateLimitRate))
        {
            Interlocked.Increment(ref _rateLimited);
            return Replies.Error(429, "RATE_LIMITED", "请求过于频繁", f.RetryAfterSeconds);
        }

        if (Take(ref _unauthorizedNext))
        {
            Interlocked.Increment(ref _unauthorized);
            return Replies.Error(401, "SIGNATURE_EXPIRED", $"时间戳与平台时钟相差超过 {_options.MaxClockSkew.TotalSeconds:0} 秒（模拟故障）");
        }

        var pathAndQuery = RequestScope.Current?.RawTarget ?? request.Url;
        if (_verifier.Verify(request.Method, pathAndQuery, name => Header(request, name), Body(request).Span, out var bodyHash) is { } refused)
        {
            Interlocked.Increment(ref _unauthorized);
            return Replies.Error(401, refused.Code, refused.Message);
        }

        if (RequestScope.Current is { } current)
        {
            current.BodyHash = bodyHash;
        }

        var reply = handler(request);
        if ((Take(ref _dropNext) || Chance(f.DropRate)) && RequestScope.Current is { } scope)
        {
            Interlocked.Increment(ref _dropped);
            scope.Drop = true;
        }
        else if (Take(ref _malformedNext) || Chance(f.MalformedRate))
        {
            Interlocked.Increment(ref _malformed);
            return Replies.Truncated(reply);
        }

        return reply;
    }

    private IResponseMessage SubmitBatch(IRequestMessage request)
    {
        var catalog = Segments(request)[3];
        if (!_catalogs.KeysByCode.TryGetValue(catalog, out var fields))
        {
            return Replies.Error(404, "UNKNOWN_CATALOG", $"没有目录 {catalog}");
        }

        var body = Body(request);
        if (body.Length > MaxBatchBytes)
        {
            return Replies.Error(413, "BATCH_TOO_LARGE", $"批次大小 {body.Length} 字节超过上限 {MaxBatchBytes} 字节，请拆分");
        }

        ParsedBatch batch;
        try
        {
            batch = BatchReader.Read(body.Span, fields);
        }
        catch (JsonException ex)
        {
            return Replies.Error(400, "MALFORMED", "请求体不是合法的批次 JSON：" + ex.Message);
        }

        if (Malformed(batch) is { } problem)
        {
            return Replies.Error(400, "MALFORMED", problem);
        }

        if (batch.Records!.Count > MaxRecordsPerBatch)
        {
            return Replies.Error(413, "BATCH_TOO_LARGE", $"批次含 {batch.Records.Count} 条记录，超过上限 {MaxRecordsPerBatch} 条，请拆分");
        }

        var bodyHash = RequestScope.Current?.BodyHash ?? Convert.ToHexStringLower(SHA256.HashData(body.Span));
        var (status, receipt) = State.Lookup(batch.BatchId!, bodyHash);
        if (status == PlatformState.SubmitStatus.Applied)
        {
            var prepared = Prepare(catalog, fields, batch.Records!, batch.Memo);
            (status, receipt) = State.Apply(catalog, batch.BatchId!, bodyHash, Take(ref _contentHashMismatchNext) ? OtherContent(prepared) : prepared);
        }

        return status == PlatformState.SubmitStatus.Conflict
            ? Replies.Error(409, "BATCH_CONFLICT", $"批次 {batch.BatchId} 已以不同内容提交过；不得复用 batchId")
            : Replies.Json(200, receipt!);
    }

    private static string? Malformed(ParsedBatch batch)
    {
        if (string.IsNullOrWhiteSpace(batch.BatchId) || batch.Records is null)
        {
            return "批次缺少 batchId 或 records";
        }

        if (!UnifiedSocialCreditCode.IsValid(batch.SourceUnitUscc))
        {
            return "sourceUnitUscc 不是有效的统一社会信用代码";
        }

        for (var i = 0; i < batch.Records.Count; i++)
        {
            var r = batch.Records[i];
            if (r is null || string.IsNullOrWhiteSpace(r.RecordId) || r.Op is not (BatchRecord.Upsert or BatchRecord.Withdraw))
            {
                return $"第 {i + 1} 条记录缺少 recordId 或 op 不是 upsert/withdraw";
            }
        }

        return null;
    }

    /// <summary>The stateless part of each record's fate (validation, hash, duplicates), done outside the state lock.</summary>
    internal static List<PreparedRecord> Prepare(string catalog, FieldKeys fields, IReadOnlyList<ParsedRecord?> records, FieldMemo? memo = null)
    {
        var seen = new HashSet<string>(records.Count, StringComparer.Ordinal);
        var prepared = new List<PreparedRecord>(records.Count);
        foreach (var r in records)
        {
            var (recordId, op) = (r!.RecordId!, r.Op!);
            if (!seen.Add(recordId))
            {
                prepared.Add(new PreparedRecord(recordId, op, null,
                    [new RecordError(null, "DUPLICATE_IN_BATCH", $"记录 {recordId} 在本批次中重复，以第一条为准")]));
            }
            else if (op == BatchRecord.Withdraw)
            {
                prepared.Add(new PreparedRecord(recordId, op, null, null));
            }
            else
            {
                var data = r.Data ?? (r.Node is { } node ? RecordData.From(node, fields) : null);
                var errors = RecordValidator.Validate(catalog, fields, data, memo);
                prepared.Add(errors is { Count: > 0 }
                    ? new PreparedRecord(recordId, op, null, errors)
                    : new PreparedRecord(recordId, op, r.Node is { } parsed ? CanonicalJson.ContentHash(parsed) : CanonicalRecord.ContentHash(data!, fields, memo), null));
            }
        }

        return prepared;
    }

    /// <summary>
    /// The fault <see cref="SimulatorFaults.ContentHashMismatchNext"/>: every valid upsert is held (and receipted) under
    /// a hash that is not its content's, as if the platform stored other data than it was sent.
    /// </summary>
    private static List<PreparedRecord> OtherContent(List<PreparedRecord> prepared) =>
        prepared.Select(r => r is { Op: BatchRecord.Upsert, ContentHash: { } hash }
            ? r with { ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("other content than sent:" + hash))) }
            : r).ToList();

    private IResponseMessage GetRecord(IRequestMessage request)
    {
        var segments = Segments(request);
        var (catalog, recordId) = (segments[3], segments[5]);
        if (!_catalogs.ByCode.ContainsKey(catalog))
        {
            return Replies.Error(404, "UNKNOWN_CATALOG", $"没有目录 {catalog}");
        }

        return State.Find(catalog, recordId) is { } r
            ? Replies.Json(200, ToWire(r), SimJson.Platform.PlatformRecord)
            : Replies.Error(404, "NOT_FOUND", $"平台上没有记录 {recordId}");
    }

    private IResponseMessage GetRecords(IRequestMessage request)
    {
        var catalog = Segments(request)[3];
        if (!_catalogs.ByCode.ContainsKey(catalog))
        {
            return Replies.Error(404, "UNKNOWN_CATALOG", $"没有目录 {catalog}");
        }

        DateTimeOffset? since = null;
        if (Query(request, "updatedSince") is { Length: > 0 } s)
        {
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                return Replies.Error(400, "MALFORMED", "updatedSince 不是 ISO 8601 时间");
            }

            since = parsed;
        }

        RecordKey? after = null;
        if (Query(request, "cursor") is { Length: > 0 } c)
        {
            if (DecodeCursor(c) is not { } key)
            {
                return Replies.Error(400, "MALFORMED", "cursor 无效");
            }

            after = key;
        }

        if (Limit(request, MaxPageSize) is not { } limit)
        {
            return Replies.Error(400, "MALFORMED", $"limit 应为 1 到 {MaxPageSize} 的整数");
        }

        var page = State.Page(catalog, since, after, limit + 1);
        var more = page.Count > limit;
        var items = page.Take(limit).Select(ToWire).ToList();
        return Replies.Json(200, new RecordPage(items, more ? EncodeCursor(page[limit - 1].Key) : null), SimJson.Platform.RecordPage);
    }

    private IResponseMessage GetFeedback(IRequestMessage request)
    {
        var after = 0;
        if (Query(request, "cursor") is { Length: > 0 } c && !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Replies.Error(400, "MALFORMED", "cursor 无效");
        }

        if (Limit(request, MaxFeedbackPageSize) is not { } limit)
        {
            return Replies.Error(400, "MALFORMED", $"limit 应为 1 到 {MaxFeedbackPageSize} 的整数");
        }

        var (items, next) = State.FeedbackPage(after, limit);
        return Replies.Json(200, new FeedbackPage(items, next?.ToString(CultureInfo.InvariantCulture)), SimJson.Platform.FeedbackPage);
    }

    private IResponseMessage AcknowledgeFeedback(IRequestMessage request)
    {
        var feedbackId = Segments(request)[3];
        return State.Acknowledge(feedbackId) ? Replies.Empty(204) : Replies.Error(404, "NOT_FOUND", $"没有反馈 {feedbackId}");
    }

    private static int? Limit(IRequestMessage request, int max)
    {
        var text = Query(request, "limit");
        if (string.IsNullOrEmpty(text))
        {
            return max;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 && n <= max ? n : null;
    }

    private static PlatformRecord ToWire(StoredRecord r) => new(r.RecordId, r.PlatformId, r.Status, r.ContentHash, r.UpdatedAt);

    private static string EncodeCursor(RecordKey key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key.UpdatedTicks.ToString(CultureInfo.InvariantCulture)}|{key.RecordId}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static RecordKey? DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
            var bar = text.IndexOf('|');
            return bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                ? new RecordKey(ticks, text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private SimulatorFaults CurrentFaults()
    {
        lock (_faultLock)
        {
            return _faults;
        }
    }

    private bool Take(ref int counter)
    {
        lock (_faultLock)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }

    private static bool Chance(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;
}
