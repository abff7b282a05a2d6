using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>One hub on a fresh PostgreSQL database, shared by the tests of a class that only read through it.</summary>
public sealed class HubFixture : IAsyncLifetime
{
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        Hub = await TestHub.StartAsync(database.Configuration());
    }

    public async Task DisposeAsync() => await Hub.DisposeAsync();
}
