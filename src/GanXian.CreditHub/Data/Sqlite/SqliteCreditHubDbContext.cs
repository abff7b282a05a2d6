using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GanXian.CreditHub.Data.Sqlite;

public sealed class SqliteCreditHubDbContext(DbContextOptions<SqliteCreditHubDbContext> options) : CreditHubDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values stored as text; the binary form sorts by UTC instant.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context SqliteCreditHubDbContext</c> work without starting the host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCreditHubDbContext>
{
    public SqliteCreditHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCreditHubDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(SqliteCreditHubDbContext).Assembly.FullName))
            .Options);
}
