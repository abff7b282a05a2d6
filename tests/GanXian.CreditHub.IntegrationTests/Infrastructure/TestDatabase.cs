using GanXian.CreditHub.Data;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>A fresh, empty database of either provider, for tests that must hold on both.</summary>
public sealed record TestDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public static IEnumerable<object[]> Providers =>
    [
        [DatabaseProvider.Postgres],
        [DatabaseProvider.Sqlite],
    ];

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => new(provider, await PostgresServer.CreateDatabaseAsync()),
        _ => new(provider, $"Data Source={Path.Combine(Path.GetTempPath(), $"credithub-{Guid.NewGuid():N}.db")}"),
    };

    public Dictionary<string, string?> Configuration() => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };
}
