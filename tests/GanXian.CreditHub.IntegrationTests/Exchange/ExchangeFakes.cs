using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

// Hand-written stand-ins for seams whose real implementations land from other branches (reader, platform client,
// audit log, lock). They keep to the seam contracts: the fake platform is idempotent per batchId exactly as
// PLATFORM-API.md §4 says, and can fail, and commit-then-drop.

/// <summary>
/// A tiny CSV source for SHBX_JFXX: <c>TYSHXYDM,XZLX,FKSSQ,YJJE</c>. A row with a non-numeric amount or an empty code is
/// invalid; a line <c>#BROKEN</c> makes the file unreadable mid-stream.
/// </summary>
internal sealed class TestCsvReader : ISourceFileReader
{
    public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var header = await reader.ReadLineAsync(ct);
        if (header != "TYSHXYDM,XZLX,FKSSQ,YJJE")
        {
            throw new SourceFileUnreadableException(path, "缺少必需的列：统一社会信用代码");
        }

        long row = 1;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            row++;
            if (line == "#BROKEN")
            {
                throw new SourceFileUnreadableException(path, $"第 {row} 行无法解析：字段数不符");
            }

            var f = line.Split(',');
            var original = new Dictionary<string, string?> { ["统一社会信用代码"] = f[0], ["险种类型"] = f[1], ["费款所属期"] = f[2], ["应缴金额"] = f[3] };
            var issues = new List<RecordIssue>();
            if (f[0].Length == 0)
            {
                issues.Add(new RecordIssue("TYSHXYDM", "统一社会信用代码", "REQUIRED", "统一社会信用代码不能为空"));
            }

            JsonObject? data = null;
            if (decimal.TryParse(f[3], out var amount))
            {
                data = TestRules.Data(f[0], f[1], f[2], amount);
            }
            else
            {
                issues.Add(new RecordIssue("YJJE", "应缴金额", "INVALID_TYPE", $"应缴金额“{f[3]}”不是数字"));
            }

            var recordId = f[0].Length == 0 ? null : $"{f[0]}-{f[1]}-{f[2]}";
            yield return new CollectedRecord(source.Catalog, recordId, new SourceLocation(Path.GetFileName(path), row), original, data, issues);
        }
    }
}

internal sealed class TestRules : IRecordRules
{
    public static JsonObject Data(string code, string type, string period, decimal amount) => new()
    {
        ["TYSHXYDM"] = code, ["XZLX"] = type, ["FKSSQ"] = period, ["YJJE"] = amount, ["DWMC"] = "测试单位",
    };

    public string RecordIdFor(string catalog, JsonObject data) => $"{data["TYSHXYDM"]}-{data["XZLX"]}-{data["FKSSQ"]}";

    public IReadOnlyList<RecordIssue> Validate(string catalog, JsonObject data) =>
        data["YJJE"] is JsonValue v && v.TryGetValue<decimal>(out var d) && d >= 0
            ? []
            : [new RecordIssue("YJJE", null, "INVALID_TYPE", "应缴金额必须是非负数")];

    public DateOnly? PublishUntil(string catalog, JsonObject data) => null;
}

/// <summary>The platform's batch semantics in memory: idempotent per batchId, 409 on a reused id, per-record receipts.</summary>
internal sealed class FakePlatform : IPlatformApi
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Body, BatchReceipt Receipt)> batches = new();
    private readonly List<FeedbackItem> feedback = [];

    /// <summary>What the platform holds: (catalog, recordId) → content hash and how many times an upsert changed it.</summary>
    public ConcurrentDictionary<(string Catalog, string RecordId), (string Hash, string PlatformId, int Writes)> Records { get; } = new();

    public List<string> SubmittedBatchIds { get; } = [];
    public int FailNext { get; set; }
    public int DropAfterCommitNext { get; set; }
    public bool CircuitOpen { get; set; }

    /// <summary>Records whose YJJE equals this value are rejected (a platform-side rule the hub does not know).</summary>
    public decimal RejectAmount { get; set; } = -1;

    public int Acknowledged { get; private set; }

    /// <summary>The next acknowledgement fails (a crash between storing feedback and acknowledging it).</summary>
    public bool FailNextAck { get; set; }

    private int feedbackSequence;

    public int BatchCount { get { lock (gate) { return batches.Count; } } }

    public void AddFeedback(string catalog, string recordId, string code, string message)
    {
        lock (gate)
        {
            feedback.Add(new FeedbackItem($"F{++feedbackSequence}", catalog, recordId, code, message, DateTimeOffset.UnixEpoch));
        }
    }

    public Task<BatchReceipt> SubmitBatchAsync(string code, BatchRequest batch, CancellationToken ct = default)
    {
        if (CircuitOpen)
        {
            throw new BrokenCircuitTestException();
        }

        lock (gate)
        {
            SubmittedBatchIds.Add(batch.BatchId);
            if (FailNext > 0)
            {
                FailNext--;
                throw new HttpRequestException("503 MAINTENANCE", null, HttpStatusCode.ServiceUnavailable);
            }

            var body = JsonSerializer.Serialize(batch);
            if (batches.TryGetValue(batch.BatchId, out var known))
            {
                return known.Body == body
                    ? Task.FromResult(known.Receipt)
                    : throw new HttpRequestException("409 BATCH_CONFLICT", null, HttpStatusCode.Conflict);
            }

            var results = new List<ReceiptResult>();
            var seen = new HashSet<string>();
            foreach (var r in batch.Records)
            {
                if (!seen.Add(r.RecordId))
                {
                    results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Rejected, Errors: [new RecordError(null, "DUPLICATE_IN_BATCH", "批次内重复")]));
                }
                else if (r.Op == BatchRecord.Upsert && r.Data!["YJJE"]!.GetValue<decimal>() == RejectAmount)
                {
                    results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Rejected, Errors: [new RecordError("YJJE", "RULE_VIOLATION", "应缴金额与比对结果不符")]));
                }
                else
                {
                    var hash = CanonicalJson.ContentHash(r.Data);
                    var stored = Records.AddOrUpdate((code, r.RecordId), _ => (hash, $"P-{r.RecordId}", 1), (_, old) => (hash, old.PlatformId, old.Writes + 1));
                    results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Accepted, stored.PlatformId, hash));
                }
            }

            var receipt = new BatchReceipt(batch.BatchId, DateTimeOffset.UnixEpoch, results);
            batches[batch.BatchId] = (body, receipt);
            if (DropAfterCommitNext > 0)
            {
                DropAfterCommitNext--;
                throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset"));
            }

            return Task.FromResult(receipt);
        }
    }

    public Task<FeedbackPage> GetFeedbackAsync(string? cursor = null, int? limit = null, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(new FeedbackPage(feedback.ToList(), null));
        }
    }

    public Task AcknowledgeFeedbackAsync(string feedbackId, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (FailNextAck)
            {
                FailNextAck = false;
                throw new HttpRequestException("connection reset", new IOException("reset"));
            }

            feedback.RemoveAll(f => f.FeedbackId == feedbackId);
            Acknowledged++;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CatalogDefinition>> GetCatalogsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<CatalogDefinition>>([]);

    public Task<PlatformRecord> GetRecordAsync(string code, string recordId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<RecordPage> GetRecordsAsync(string code, DateTimeOffset? updatedSince = null, string? cursor = null, int? limit = null, CancellationToken ct = default) =>
        throw new NotSupportedException();
}

/// <summary>Named like Polly's BrokenCircuitException, which is what the exchange recognises.</summary>
internal sealed class BrokenCircuitTestException() : Exception("circuit is open");

internal sealed class TestLock : IDistributedLock
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct) =>
        await gate.WaitAsync(0, ct) ? new Release(gate) : null;

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
