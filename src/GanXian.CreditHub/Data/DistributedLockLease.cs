using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.Data;

/// <summary>A lock held on the SQLite store: who holds it and until when (renewed while held, so a dead holder's lease runs out).</summary>
public sealed class DistributedLockLease
{
    public string Name { get; set; } = "";

    public string Owner { get; set; } = "";

    /// <summary>Unix time in milliseconds, so raw SQL can compare it.</summary>
    public long ExpiresAtUnixMs { get; set; }
}

internal sealed class DistributedLockLeaseConfiguration : IEntityTypeConfiguration<DistributedLockLease>
{
    public void Configure(EntityTypeBuilder<DistributedLockLease> b)
    {
        b.ToTable("distributed_lock_leases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasColumnName("name").HasMaxLength(128);
        b.Property(l => l.Owner).HasColumnName("owner").HasMaxLength(200).IsRequired();
        b.Property(l => l.ExpiresAtUnixMs).HasColumnName("expires_at_unix_ms");
    }
}
