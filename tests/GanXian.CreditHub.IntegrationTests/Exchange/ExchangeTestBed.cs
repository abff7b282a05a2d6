using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>A started hub with one SHBX_JFXX source whose inbox is a fresh temporary folder.</summary>
internal sealed class ExchangeTestBed : IAsyncDisposable
{
    public const string Catalog = "SHBX_JFXX";

    private ExchangeTestBed(TestHub hub, string root, FakePlatform platform)
    {
        Hub = hub;
        Root = root;
        Platform = platform;
    }

    public TestHub Hub { get; }
    public string Root { get; }
    public string Inbox => Path.Combine(Root, "inbox");
    public string Archive => Path.Combine(Root, "archive");
    public string Rejected => Path.Combine(Root, "rejected");
    public FakePlatform Platform { get; }

    public static async Task<ExchangeTestBed> StartAsync(DatabaseProvider provider, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-exchange-{Guid.NewGuid():N}");
        var config = database.Configuration();
        config["Exchange:SourceUnitUscc"] = "11360721MB1234567X";
        config["Exchange:Sources:0:Name"] = "shbx-jfxx";
        config["Exchange:Sources:0:Catalog"] = Catalog;
        config["Exchange:Sources:0:Inbox"] = Path.Combine(root, "inbox");
        config["Exchange:Sources:0:Archive"] = Path.Combine(root, "archive");
        config["Exchange:Sources:0:Rejected"] = Path.Combine(root, "rejected");
        config["Exchange:Sources:0:MappingFile"] = "mappings/test.json";
        config["Exchange:BatchSize"] = "20";
        var platform = new FakePlatform();
        var hub = await TestHub.StartAsync(config, b =>
        {
            TestAuthentication.Add(b);
            b.Services.AddScoped<ISourceFileReader, TestCsvReader>();
            b.Services.AddSingleton<IRecordRules, TestRules>();
            b.Services.AddSingleton<IPlatformApi>(platform);
            b.Services.AddSingleton<IDistributedLock, TestLock>();
            configure?.Invoke(b);
        });
        return new ExchangeTestBed(hub, root, platform);
    }

    public async Task<ExchangeSummary> RunAsync(ExchangeRunMode mode = ExchangeRunMode.Full, bool dryRun = false)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExchangeRunner>().RunAsync(new ExchangeRunRequest(mode, "system:test", dryRun), null, CancellationToken.None);
    }

    public string WriteFile(string name, IEnumerable<string> rows)
    {
        Directory.CreateDirectory(Inbox);
        var path = Path.Combine(Inbox, name);
        File.WriteAllLines(path, ["TYSHXYDM,XZLX,FKSSQ,YJJE", .. rows]);
        return path;
    }

    public async Task<T> QueryAsync<T>(Func<CreditHubDbContext, Task<T>> query)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CreditHubDbContext>());
    }

    public Task<List<ExchangeRecord>> RecordsAsync() => QueryAsync(db => db.Set<ExchangeRecord>().AsNoTracking().OrderBy(r => r.RecordId).ToListAsync());

    public Task<List<QuarantineItem>> QuarantineAsync(string? status = QuarantineStatuses.Open) =>
        QueryAsync(db => db.Set<QuarantineItem>().AsNoTracking().Where(q => status == null || q.Status == status).OrderBy(q => q.Id).ToListAsync());

    /// <summary>The exchange chain of the real audit log, in order.</summary>
    public Task<List<AuditEntry>> AuditAsync() =>
        QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == LogChain.Exchange).OrderBy(e => e.Seq).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
