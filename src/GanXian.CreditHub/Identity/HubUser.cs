using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.Identity;

/// <summary>A local account of an officer, approver, evaluator, auditor or administrator.</summary>
public sealed class HubUser
{
    public Guid Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>ASP.NET Core <c>PasswordHasher</c> output (PBKDF2, salted); never the password.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Comma-separated values of <see cref="Roles.All"/>; see <see cref="RoleSet"/>.</summary>
    public required string Roles { get; set; }

    public bool PersonalData { get; set; }

    public bool Disabled { get; set; }

    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Changes whenever the password, roles or status change, which ends the user's existing sign-ins.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

internal sealed class HubUserConfiguration : IEntityTypeConfiguration<HubUser>
{
    public void Configure(EntityTypeBuilder<HubUser> b)
    {
        b.ToTable("identity_users");
        b.HasKey(u => u.Id);
        b.Property(u => u.UserName).HasMaxLength(64);
        b.HasIndex(u => u.UserName).IsUnique();
        b.Property(u => u.PasswordHash).HasMaxLength(256);
        b.Property(u => u.Roles).HasMaxLength(256);
        b.Property(u => u.SecurityStamp).HasMaxLength(64);
    }
}
