using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// One sealed entry of a hash chain. Written only by <see cref="AuditLogWriter"/> (never through the change tracker)
/// and never updated: the database refuses UPDATE/DELETE/TRUNCATE (<see cref="AuditSchemaExtension"/>).
/// </summary>
public sealed class AuditEntry
{
    public LogChain Chain { get; set; }

    /// <summary>1, 2, 3, … per chain, without gaps.</summary>
    public long Seq { get; set; }

    /// <summary>When the entry was appended (UTC, millisecond precision so both providers round-trip it exactly).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    public string Kind { get; set; } = "";

    public string Actor { get; set; } = "";

    public string? Catalog { get; set; }

    public string? RecordId { get; set; }

    public string? BatchId { get; set; }

    public string? EntityKey { get; set; }

    public string? State { get; set; }

    public string? PayloadHash { get; set; }

    public string? Detail { get; set; }

    /// <summary>Hash of entry Seq−1 (32 zero bytes for Seq 1).</summary>
    public byte[] PrevHash { get; set; } = [];

    /// <summary>SHA-256 over the previous hash and the content digest (docs/audit-log.md).</summary>
    public byte[] Hash { get; set; } = [];
}

/// <summary>
/// The last sealed entry of each chain. Its row lock (PostgreSQL) or the write lock it takes (SQLite) serialises the
/// appenders of one chain inside their own transactions, so two writers can never take the same sequence number.
/// It is a cache of the tail for appending only: verification never trusts it.
/// </summary>
public sealed class AuditChainHead
{
    public LogChain Chain { get; set; }

    public long LastSeq { get; set; }

    public byte[] LastHash { get; set; } = [];
}

/// <summary>A signed statement "chain C had N entries ending in hash H at time T", also kept in a file outside the database.</summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }

    public LogChain Chain { get; set; }

    public long Seq { get; set; }

    public byte[] HeadHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Why it was written: <c>exchange-run</c>, <c>every-n</c>, <c>manual</c>, …</summary>
    public string Reason { get; set; } = "";

    /// <summary>SHA-256 (lower hex) of the signing key's SubjectPublicKeyInfo.</summary>
    public string KeyFingerprint { get; set; } = "";

    /// <summary>ECDSA P-256 / SHA-256 signature in IEEE P1363 form (r‖s, 64 bytes) over the checkpoint statement.</summary>
    public byte[] Signature { get; set; } = [];
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => new { e.Chain, e.Seq });
        b.Property(e => e.Chain).HasColumnName("chain").HasConversion<short>();
        b.Property(e => e.Seq).HasColumnName("seq").ValueGeneratedNever();
        b.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        b.Property(e => e.Kind).HasColumnName("kind");
        b.Property(e => e.Actor).HasColumnName("actor");
        b.Property(e => e.Catalog).HasColumnName("catalog");
        b.Property(e => e.RecordId).HasColumnName("record_id");
        b.Property(e => e.BatchId).HasColumnName("batch_id");
        b.Property(e => e.EntityKey).HasColumnName("entity_key");
        b.Property(e => e.State).HasColumnName("state");
        b.Property(e => e.PayloadHash).HasColumnName("payload_hash");
        b.Property(e => e.Detail).HasColumnName("detail");
        b.Property(e => e.PrevHash).HasColumnName("prev_hash");
        b.Property(e => e.Hash).HasColumnName("hash");

        // What auditors search by (docs/audit-log.md, "Indexes"). Entity, record and batch are only ever searched for
        // equality, so on PostgreSQL they are hash indexes: a 4-byte hash per entry instead of the whole key, no key
        // comparisons on insert, NULLs not stored at all. recordIds are random 62-character strings, and a B-tree over
        // them cost the bulk append about three times as much (docs/benchmarks.md, "Audit log"). Time ranges go
        // through a BRIN index (entries arrive in time order). SQLite ignores the methods and builds B-trees.
        b.HasIndex(e => e.EntityKey).HasDatabaseName("ix_audit_entries_entity_key").HasMethod("hash");
        b.HasIndex(e => e.RecordId).HasDatabaseName("ix_audit_entries_record_id").HasMethod("hash");
        b.HasIndex(e => e.BatchId).HasDatabaseName("ix_audit_entries_batch_id").HasMethod("hash");
        b.HasIndex(e => e.OccurredAt).HasDatabaseName("ix_audit_entries_occurred_at").HasMethod("brin");
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.ToTable("audit_chain_heads");
        b.HasKey(h => h.Chain);
        b.Property(h => h.Chain).HasColumnName("chain").HasConversion<short>().ValueGeneratedNever();
        b.Property(h => h.LastSeq).HasColumnName("last_seq");
        b.Property(h => h.LastHash).HasColumnName("last_hash");

        // Every chain starts empty: the head of an empty chain is sequence 0 with the all-zero genesis hash.
        b.HasData(Enum.GetValues<LogChain>().Select(c => new AuditChainHead { Chain = c, LastSeq = 0, LastHash = new byte[32] }));
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("audit_checkpoints");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasColumnName("id");
        b.Property(c => c.Chain).HasColumnName("chain").HasConversion<short>();
        b.Property(c => c.Seq).HasColumnName("seq");
        b.Property(c => c.HeadHash).HasColumnName("head_hash");
        b.Property(c => c.CreatedAt).HasColumnName("created_at");
        b.Property(c => c.Reason).HasColumnName("reason");
        b.Property(c => c.KeyFingerprint).HasColumnName("key_fingerprint");
        b.Property(c => c.Signature).HasColumnName("signature");
        b.HasIndex(c => new { c.Chain, c.Seq }).HasDatabaseName("ix_audit_checkpoints_chain_seq");
    }
}
