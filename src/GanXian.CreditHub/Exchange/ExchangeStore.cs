using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.Exchange;

// The exchange's stored state (docs/exchange.md explains the state model). The hot paths (staging a file, applying a
// receipt) write these tables with set-based SQL; EF Core is used for the small, officer-facing reads and writes.

/// <summary>An inbox file the hub has seen, keyed by content hash so the same content is never processed twice.</summary>
public sealed class ImportedFile
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string Catalog { get; set; }
    public required string FileName { get; set; }
    public required string ContentHash { get; set; }

    /// <summary><see cref="FileOutcomes"/>.</summary>
    public required string Outcome { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
    public long ReadCount { get; set; }
    public long ValidCount { get; set; }
    public long QuarantinedCount { get; set; }
    public long UnchangedCount { get; set; }
    public long ChangedCount { get; set; }

    /// <summary>Chinese explanation for rejected files.</summary>
    public string? Message { get; set; }
}

public static class FileOutcomes
{
    public const string Archived = "archived";
    public const string Rejected = "rejected";
}

/// <summary>The hub's view of one record on the platform: its latest content and what the platform last accepted.</summary>
public sealed class ExchangeRecord
{
    public long Id { get; set; }
    public required string Catalog { get; set; }
    public required string RecordId { get; set; }

    /// <summary>The latest platform data (canonical JSON).</summary>
    public required string Data { get; set; }

    public required string ContentHash { get; set; }
    public string? AcceptedHash { get; set; }
    public string? PlatformId { get; set; }

    /// <summary><see cref="RecordStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The operation to send when pending: <c>upsert</c> or <c>withdraw</c>.</summary>
    public required string Op { get; set; }

    /// <summary>The reason sent with a withdrawal (PLATFORM-API.md §4), set by whatever made the record a withdrawal: <see cref="WithdrawReasons"/>.</summary>
    public string? WithdrawReason { get; set; }

    /// <summary>
    /// The officer who took the record off public display (a penalty decision revoked or changed, 《行政处罚法》 art. 48).
    /// Such a record stays withdrawn: a later export or correction updates its data but does not publish it again.
    /// </summary>
    public string? WithdrawnBy { get; set; }

    /// <summary>The stored batch this record travels in while <see cref="RecordStates.Sending"/>.</summary>
    public string? BatchId { get; set; }

    public DateOnly? PublishUntil { get; set; }
    public string? EntityKey { get; set; }
    public long? SourceFileId { get; set; }
    public long? SourceRow { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What a withdrawal tells the platform about why the record leaves public display.</summary>
public static class WithdrawReasons
{
    /// <summary>The publication period ended (DOMAIN.md §9); also what withdrawals stored before the reason existed send.</summary>
    public const string Expired = "期满";

    /// <summary>Reconciliation found it published although the hub had withdrawn it or never sent it.</summary>
    public const string Reconciliation = "对账纠正";
}

public static class RecordStates
{
    /// <summary>To be sent in the next batch (new, changed, corrected, or put back after a failed batch).</summary>
    public const string Pending = "pending";

    /// <summary>In a stored batch that has no receipt yet; the next run resends that same batch.</summary>
    public const string Sending = "sending";

    public const string Accepted = "accepted";

    /// <summary>
    /// Rejected by the platform at submission or by its later problem-data feedback, or accepted as other content than
    /// was sent even after a resend (ReceiptApplier); an open quarantine item says why.
    /// </summary>
    public const string Rejected = "rejected";

    public const string Withdrawn = "withdrawn";
}

/// <summary>What became of one input row; with the record's state this gives every input row exactly one visible state.</summary>
public sealed class InputRow
{
    public long Id { get; set; }
    public long FileId { get; set; }
    public long SourceRow { get; set; }
    public string? RecordId { get; set; }
    public string? ContentHash { get; set; }

    /// <summary>The subject's credit code (or masked ID number), as in the log entry of the row.</summary>
    public string? EntityKey { get; set; }

    /// <summary><see cref="RowOutcomes"/>.</summary>
    public required string Outcome { get; set; }
}

public static class RowOutcomes
{
    public const string New = "new";
    public const string Changed = "changed";
    public const string Unchanged = "unchanged";
    public const string Quarantined = "quarantined";
}

/// <summary>A record an officer must look at: invalid at collection, rejected by the platform, or returned by its feedback.</summary>
public sealed class QuarantineItem
{
    public long Id { get; set; }

    /// <summary><see cref="QuarantineKinds"/>.</summary>
    public required string Kind { get; set; }

    public required string Catalog { get; set; }
    public string? RecordId { get; set; }
    public long? FileId { get; set; }
    public string? FileName { get; set; }
    public long? SourceRow { get; set; }
    public string? Field { get; set; }
    public required string Rule { get; set; }
    public required string Message { get; set; }

    /// <summary>JSON array of every issue: <c>[{"field","sourceColumn","rule","message","severity"}]</c>.</summary>
    public required string Issues { get; set; }

    /// <summary>The raw source values (JSON object), when the item comes from a file.</summary>
    public string? Original { get; set; }

    /// <summary>The mapped platform data (JSON object), when mapping got that far.</summary>
    public string? Data { get; set; }

    public string? ContentHash { get; set; }

    /// <summary><see cref="QuarantineStatuses"/>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Note { get; set; }
    public string? BatchId { get; set; }
    public string? FeedbackId { get; set; }
}

public static class QuarantineKinds
{
    public const string Validation = "validation";
    public const string Duplicate = "duplicate";
    public const string Platform = "platform";
    public const string Feedback = "feedback";

    public static readonly IReadOnlyList<string> All = [Validation, Duplicate, Platform, Feedback];
}

public static class QuarantineStatuses
{
    public const string Open = "open";

    /// <summary>An officer corrected the data; the record is pending again.</summary>
    public const string Corrected = "corrected";

    public const string Dismissed = "dismissed";

    /// <summary>A later import brought a valid version of the record.</summary>
    public const string Cleared = "cleared";

    /// <summary>A later import quarantined the record again; the newer item replaces this one.</summary>
    public const string Superseded = "superseded";

    public static readonly IReadOnlyList<string> All = [Open, Corrected, Dismissed, Cleared, Superseded];
}

/// <summary>A batch exactly as sent: stored with its id and body before the first attempt, so a resend is byte-identical.</summary>
public sealed class ExchangeBatch
{
    public required string Id { get; set; }
    public required string Catalog { get; set; }
    public required string Body { get; set; }
    public required string BodyHash { get; set; }
    public int RecordCount { get; set; }

    /// <summary><see cref="BatchStates"/>.</summary>
    public required string State { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReceiptedAt { get; set; }
    public string? Receipt { get; set; }
}

public static class BatchStates
{
    /// <summary>Stored, no receipt yet (never sent, or sent and the answer was lost).</summary>
    public const string Stored = "stored";

    public const string Receipted = "receipted";

    /// <summary>The platform refused the batch as a whole (a bug on the hub's side); its records went back to pending.</summary>
    public const string Failed = "failed";
}

/// <summary>One record's result in a receipt.</summary>
public sealed class RecordReceipt
{
    public long Id { get; set; }
    public required string BatchId { get; set; }
    public required string Catalog { get; set; }
    public required string RecordId { get; set; }
    public required string Status { get; set; }

    /// <summary>The operation and the content hash of what was sent, to tell a stale receipt from a current one.</summary>
    public required string Op { get; set; }

    public string? SentHash { get; set; }
    public string? PlatformId { get; set; }
    public string? ContentHash { get; set; }

    /// <summary>JSON array of the platform's errors in the quarantine issue format; the first one also in the three columns below.</summary>
    public string? Errors { get; set; }

    public string? ErrorField { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

/// <summary>A problem-data feedback item (问题数据反馈) as received, acknowledged only after it is stored.</summary>
public sealed class FeedbackEntry
{
    public required string FeedbackId { get; set; }
    public required string Catalog { get; set; }
    public required string RecordId { get; set; }
    public required string Code { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
}

internal static class SnakeCase
{
    /// <summary>Snake-case column names, so the set-based SQL reads the same on both providers.</summary>
    public static void Columns<T>(EntityTypeBuilder<T> b)
        where T : class
    {
        foreach (var p in b.Metadata.GetProperties())
        {
            p.SetColumnName(Of(p.Name));
        }
    }

    public static string Of(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}

internal sealed class ImportedFileConfiguration : IEntityTypeConfiguration<ImportedFile>
{
    public void Configure(EntityTypeBuilder<ImportedFile> b)
    {
        b.ToTable("exchange_files");
        b.HasIndex(f => new { f.Source, f.ContentHash }).IsUnique();
        b.Property(f => f.ContentHash).HasMaxLength(64);
        SnakeCase.Columns(b);
    }
}

internal sealed class ExchangeRecordConfiguration : IEntityTypeConfiguration<ExchangeRecord>
{
    public void Configure(EntityTypeBuilder<ExchangeRecord> b)
    {
        b.ToTable("exchange_records");
        b.HasIndex(r => new { r.Catalog, r.RecordId }).IsUnique();

        // Deliberately no index on state or batch_id: a record changes state twice per exchange (sending, then
        // accepted), and an indexed column would make each change a non-HOT update that inserts into every index,
        // the random-keyed (catalog, record_id) one included. With free space on each page (fillfactor) both updates
        // stay on the page and touch no index. The few queries by state scan by id (docs/exchange.md).
        b.HasStorageParameter("fillfactor", 50);
        SnakeCase.Columns(b);
    }
}

internal sealed class InputRowConfiguration : IEntityTypeConfiguration<InputRow>
{
    public void Configure(EntityTypeBuilder<InputRow> b)
    {
        b.ToTable("exchange_input_rows");
        b.HasIndex(r => new { r.FileId, r.SourceRow });
        SnakeCase.Columns(b);
    }
}

internal sealed class QuarantineItemConfiguration : IEntityTypeConfiguration<QuarantineItem>
{
    public void Configure(EntityTypeBuilder<QuarantineItem> b)
    {
        b.ToTable("exchange_quarantine");
        b.HasIndex(q => new { q.Status, q.Catalog, q.RecordId });
        b.HasIndex(q => new { q.FileName, q.SourceRow });
        b.HasIndex(q => q.FeedbackId);
        SnakeCase.Columns(b);
    }
}

internal sealed class ExchangeBatchConfiguration : IEntityTypeConfiguration<ExchangeBatch>
{
    public void Configure(EntityTypeBuilder<ExchangeBatch> b)
    {
        b.ToTable("exchange_batches");
        b.HasIndex(x => new { x.Catalog, x.State });

        // A body is ~250 kB and written once: lz4 compresses it at a fraction of pglz's CPU (pglz cost ~3 ms a batch).
        b.Property(x => x.Body).UseCompressionMethod("lz4");
        b.Property(x => x.Receipt).UseCompressionMethod("lz4");
        SnakeCase.Columns(b);
    }
}

internal sealed class RecordReceiptConfiguration : IEntityTypeConfiguration<RecordReceipt>
{
    public void Configure(EntityTypeBuilder<RecordReceipt> b)
    {
        b.ToTable("exchange_receipts");
        b.HasIndex(x => x.BatchId);
        SnakeCase.Columns(b);
    }
}

internal sealed class FeedbackEntryConfiguration : IEntityTypeConfiguration<FeedbackEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackEntry> b)
    {
        b.ToTable("exchange_feedback");
        b.HasKey(x => x.FeedbackId);
        SnakeCase.Columns(b);
    }
}
