using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.State;

/// <summary>
/// Everything the simulated platform holds. One lock guards it; the expensive work (parsing, validation, hashing)
/// happens before the lock, so concurrent batches serialise only on the short apply step. Paging uses a sorted
/// index per catalogue (<see cref="UpdateIndex"/>), so neither submission nor read-back is O(n) in what is stored.
/// </summary>
public sealed class PlatformState : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CatalogRecords> _catalogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredBatch> _batches = new(StringComparer.Ordinal);
    private readonly List<FeedbackItem> _feedback = [];
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _feedbackIndex = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private StateJournal? _journal;
    private long _platformSequence;
    private long _feedbackSequence;
    private long _lastTicks;

    public PlatformState(TimeProvider clock, string? journalPath)
    {
        _clock = clock;
        if (journalPath is not null)
        {
            StateJournal.Replay(journalPath, this);
            _journal = new StateJournal(journalPath);
        }
    }

    private sealed class CatalogRecords
    {
        public readonly Dictionary<string, StoredRecord> ById = new(StringComparer.Ordinal);
        public readonly UpdateIndex ByUpdate;

        public CatalogRecords() =>
            ByUpdate = new UpdateIndex(k => ById.TryGetValue(k.RecordId, out var r) && r.UpdatedAt.UtcTicks == k.UpdatedTicks);
    }

    internal sealed record StoredBatch(string BodyHash, byte[] Receipt);

    public enum SubmitStatus
    {
        Applied,
        Replayed,
        Conflict,
    }

    /// <summary>The stored receipt of an earlier submission of exactly this body, or null.</summary>
    internal (SubmitStatus Status, byte[]? Receipt) Lookup(string batchId, string bodyHash)
    {
        lock (_lock)
        {
            return LookupLocked(batchId, bodyHash);
        }
    }

    private (SubmitStatus, byte[]?) LookupLocked(string batchId, string bodyHash) =>
        _batches.TryGetValue(batchId, out var b)
            ? (b.BodyHash == bodyHash ? SubmitStatus.Replayed : SubmitStatus.Conflict, b.BodyHash == bodyHash ? b.Receipt : null)
            : (SubmitStatus.Applied, null);

    internal (SubmitStatus Status, byte[]? Receipt) Apply(string catalog, string batchId, string bodyHash, IReadOnlyList<PreparedRecord> records)
    {
        lock (_lock)
        {
            var (status, existing) = LookupLocked(batchId, bodyHash);
            if (status != SubmitStatus.Applied)
            {
                return (status, existing);
            }

            var now = NextTimestamp();
            var results = new List<ReceiptResult>(records.Count);
            var changes = new List<StoredRecord>(records.Count);
            var set = CatalogOf(catalog);
            foreach (var r in records)
            {
                if (r.Errors is { Count: > 0 })
                {
                    results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Rejected, Errors: r.Errors));
                    continue;
                }

                set.ById.TryGetValue(r.RecordId, out var held);
                if (r.Op == BatchRecord.Withdraw && held is null)
                {
                    results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Rejected,
                        Errors: [new RecordError(null, "NOT_FOUND", $"平台上没有记录 {r.RecordId}，无法撤回")]));
                    continue;
                }

                var stored = r.Op == BatchRecord.Withdraw
                    ? held! with { Status = PlatformRecord.Withdrawn, UpdatedAt = now }
                    : new StoredRecord(catalog, r.RecordId, held?.PlatformId ?? NewPlatformId(), PlatformRecord.Published, r.ContentHash!, now);
                Put(set, held, stored);
                changes.Add(stored);
                results.Add(new ReceiptResult(r.RecordId, ReceiptResult.Accepted, stored.PlatformId, stored.ContentHash));
            }

            var receipt = JsonSerializer.SerializeToUtf8Bytes(new BatchReceipt(batchId, now, results), SimJson.Platform.BatchReceipt);
            _batches[batchId] = new StoredBatch(bodyHash, receipt);
            _journal?.Batch(batchId, bodyHash, receipt, changes);
            return (SubmitStatus.Applied, receipt);
        }
    }

    public StoredRecord? Find(string catalog, string recordId)
    {
        lock (_lock)
        {
            return _catalogs.TryGetValue(catalog, out var set) && set.ById.TryGetValue(recordId, out var r) ? r : null;
        }
    }

    /// <summary>Records with updatedAt ≥ <paramref name="since"/>, strictly after <paramref name="after"/>, in read-back order.</summary>
    internal List<StoredRecord> Page(string catalog, DateTimeOffset? since, RecordKey? after, int limit)
    {
        lock (_lock)
        {
            if (!_catalogs.TryGetValue(catalog, out var set) || set.ByUpdate.LiveCount == 0)
            {
                return [];
            }

            var lower = new RecordKey(since?.UtcTicks ?? long.MinValue, "");
            if (after is { } a && a.CompareTo(lower) >= 0)
            {
                lower = a;
            }

            var upper = new RecordKey(long.MaxValue, "\uffff\uffff");
            if (lower.CompareTo(upper) >= 0)
            {
                return [];
            }

            var page = new List<StoredRecord>(Math.Min(limit, 1024));
            foreach (var key in set.ByUpdate.From(lower, after))
            {
                page.Add(set.ById[key.RecordId]);
                if (page.Count == limit)
                {
                    break;
                }
            }

            return page;
        }
    }

    /// <summary>Everything held (all catalogues or one), for the inspection endpoint and tests.</summary>
    public List<StoredRecord> Snapshot(string? catalog = null)
    {
        lock (_lock)
        {
            return _catalogs.Where(c => catalog is null || c.Key == catalog)
                .SelectMany(c => c.Value.ById.Values)
                .OrderBy(r => r.Catalog, StringComparer.Ordinal).ThenBy(r => r.RecordId, StringComparer.Ordinal)
                .ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _catalogs.Values.Sum(c => c.ById.Count);
            }
        }
    }

    public int BatchCount
    {
        get
        {
            lock (_lock)
            {
                return _batches.Count;
            }
        }
    }

    /// <summary>Tamper: the platform loses a record behind the hub's back (a later reconciliation must notice).</summary>
    public bool TamperDelete(string catalog, string recordId)
    {
        lock (_lock)
        {
            if (!_catalogs.TryGetValue(catalog, out var set) || !set.ById.Remove(recordId, out var held))
            {
                return false;
            }

            set.ByUpdate.Retire();
            _journal?.TamperDelete(catalog, recordId);
            return true;
        }
    }

    /// <summary>Tamper: the platform's copy of a record changes behind the hub's back (its content hash no longer matches).</summary>
    public StoredRecord? TamperAlter(string catalog, string recordId, string? contentHash = null, string? status = null)
    {
        lock (_lock)
        {
            if (!_catalogs.TryGetValue(catalog, out var set) || !set.ById.TryGetValue(recordId, out var held))
            {
                return null;
            }

            var altered = held with
            {
                ContentHash = contentHash ?? CanonicalJson.ContentHash(System.Text.Json.Nodes.JsonValue.Create("tampered:" + held.ContentHash)),
                Status = status ?? held.Status,
                UpdatedAt = NextTimestamp(),
            };
            Put(set, held, altered);
            _journal?.Record("tamper-alter", altered);
            return altered;
        }
    }

    public FeedbackItem AddFeedback(string catalog, string recordId, string code, string message)
    {
        lock (_lock)
        {
            var item = new FeedbackItem($"FB-{++_feedbackSequence:D8}", catalog, recordId, code, message, NextTimestamp());
            AddFeedbackLocked(item);
            _journal?.Feedback(item);
            return item;
        }
    }

    /// <summary>Unacknowledged feedback after the cursor (a feedback sequence position), oldest first.</summary>
    internal (List<FeedbackItem> Items, int? Next) FeedbackPage(int after, int limit)
    {
        lock (_lock)
        {
            var items = new List<FeedbackItem>();
            var i = Math.Max(after, 0);
            for (; i < _feedback.Count && items.Count < limit; i++)
            {
                if (!_acknowledged.Contains(_feedback[i].FeedbackId))
                {
                    items.Add(_feedback[i]);
                }
            }

            var more = false;
            for (var j = i; j < _feedback.Count && !more; j++)
            {
                more = !_acknowledged.Contains(_feedback[j].FeedbackId);
            }

            return (items, more ? i : null);
        }
    }

    public bool Acknowledge(string feedbackId)
    {
        lock (_lock)
        {
            if (!_feedbackIndex.ContainsKey(feedbackId))
            {
                return false;
            }

            if (_acknowledged.Add(feedbackId))
            {
                _journal?.Ack(feedbackId);
            }

            return true;
        }
    }

    public bool IsAcknowledged(string feedbackId)
    {
        lock (_lock)
        {
            return _acknowledged.Contains(feedbackId);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }

    // Replay (from StateJournal, before the journal is open for writing).
    internal void ReplayBatch(string batchId, string bodyHash, byte[] receipt, IEnumerable<StoredRecord> changes)
    {
        _batches[batchId] = new StoredBatch(bodyHash, receipt);
        foreach (var c in changes)
        {
            ReplayRecord(c);
        }
    }

    internal void ReplayRecord(StoredRecord record)
    {
        var set = CatalogOf(record.Catalog);
        set.ById.TryGetValue(record.RecordId, out var held);
        Put(set, held, record);
        _platformSequence = Math.Max(_platformSequence, ParseSequence(record.PlatformId, "P-"));
        _lastTicks = Math.Max(_lastTicks, record.UpdatedAt.UtcTicks);
    }

    internal void ReplayDelete(string catalog, string recordId) => TamperDeleteUnjournaled(catalog, recordId);

    internal void ReplayFeedback(FeedbackItem item)
    {
        AddFeedbackLocked(item);
        _feedbackSequence = Math.Max(_feedbackSequence, ParseSequence(item.FeedbackId, "FB-"));
        _lastTicks = Math.Max(_lastTicks, item.CreatedAt.UtcTicks);
    }

    internal void ReplayAck(string feedbackId) => _acknowledged.Add(feedbackId);

    private void TamperDeleteUnjournaled(string catalog, string recordId)
    {
        if (_catalogs.TryGetValue(catalog, out var set) && set.ById.Remove(recordId))
        {
            set.ByUpdate.Retire();
        }
    }

    private void AddFeedbackLocked(FeedbackItem item)
    {
        _feedbackIndex[item.FeedbackId] = _feedback.Count;
        _feedback.Add(item);
    }

    private CatalogRecords CatalogOf(string catalog)
    {
        if (!_catalogs.TryGetValue(catalog, out var set))
        {
            _catalogs[catalog] = set = new CatalogRecords();
        }

        return set;
    }

    private static void Put(CatalogRecords set, StoredRecord? held, StoredRecord stored)
    {
        set.ById[stored.RecordId] = stored;
        if (held is not null)
        {
            set.ByUpdate.Retire();
        }

        set.ByUpdate.Add(stored.Key);
    }

    /// <summary>Strictly increasing times (to the microsecond), so "updatedSince = last seen" never misses a later change.</summary>
    private DateTimeOffset NextTimestamp()
    {
        var ticks = _clock.GetUtcNow().UtcTicks / 10 * 10;
        _lastTicks = Math.Max(ticks, _lastTicks + 10);
        return new DateTimeOffset(_lastTicks, TimeSpan.Zero);
    }

    private string NewPlatformId() => $"P-{++_platformSequence:D10}";

    private static long ParseSequence(string id, string prefix) =>
        id.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(id.AsSpan(prefix.Length), out var n) ? n : 0;
}
