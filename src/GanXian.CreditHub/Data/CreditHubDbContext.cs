using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Data;

/// <summary>
/// The hub's one EF Core model. Each capability folder contributes its entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes, so this file does not grow with every feature; code reaches
/// a table with <c>db.Set&lt;T&gt;()</c> or the few sets declared here. Provider-specific subclasses exist only so each
/// provider keeps its own migrations (EF Core ties a migration to one context type).
/// </summary>
public abstract class CreditHubDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>ASP.NET Core data-protection keys, shared by every node (see Identity/IdentityComposition).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CreditHubDbContext).Assembly);
    }
}
