using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GanXian.CreditHub.Data.Postgres;

public sealed class PostgresCreditHubDbContext(DbContextOptions<PostgresCreditHubDbContext> options) : CreditHubDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCreditHubDbContext</c> work without a database.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCreditHubDbContext>
{
    public PostgresCreditHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCreditHubDbContext>()
            .UseNpgsql("Host=localhost;Database=design_time")
            .Options);
}
