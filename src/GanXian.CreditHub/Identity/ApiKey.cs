using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// A machine client's credential (e.g. the e-bidding system). The key itself is shown once at creation; only its
/// SHA-256 is stored. <see cref="KeyId"/> is the public part of the key, used to find the row before the constant-time
/// comparison of the hashes.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string KeyId { get; set; }

    /// <summary>SHA-256 of the whole key, lower hex.</summary>
    public required string KeyHash { get; set; }

    /// <summary>Comma-separated values of <see cref="Roles.All"/>; see <see cref="RoleSet"/>.</summary>
    public required string Roles { get; set; }

    public bool PersonalData { get; set; }

    /// <summary>Last business day (Asia/Shanghai) on which the key is accepted.</summary>
    public DateOnly ExpiresOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("identity_api_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Name).HasMaxLength(64);
        b.HasIndex(k => k.Name).IsUnique();
        b.Property(k => k.KeyId).HasMaxLength(32);
        b.HasIndex(k => k.KeyId).IsUnique();
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.Property(k => k.Roles).HasMaxLength(256);
        b.Property(k => k.CreatedBy).HasMaxLength(128);
    }
}
