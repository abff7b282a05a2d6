extern alias simulator;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>
/// A started hub with one SHBX_JFXX source whose inbox is a fresh temporary folder, talking through the real signed
/// client to the real simulator hosted in the test process.
/// </summary>
internal sealed class ExchangeTestBed : IAsyncDisposable
{
    public const string Catalog = "SHBX_JFXX";
    public const string AppKey = "exchange-test";
    public const string AppSecret = "exchange-test-secret";

    private ExchangeTestBed(TestHub hub, string root, SimulatorServer sim)
    {
        Hub = hub;
        Root = root;
        Sim = sim;
    }

    public TestHub Hub { get; }
    public string Root { get; }
    public SimulatorServer Sim { get; }
    public string Inbox => Path.Combine(Root, "inbox");
    public string Archive => Path.Combine(Root, "archive");
    public string Rejected => Path.Combine(Root, "rejected");

    public static Dictionary<string, string?> Configuration(TestDatabase database, string root, string platformUrl)
    {
        var config = database.Configuration();
        config["Exchange:Sources:0:Name"] = "shbx-jfxx";
        config["Exchange:Sources:0:Catalog"] = Catalog;
        config["Exchange:Sources:0:Inbox"] = Path.Combine(root, "inbox");
        config["Exchange:Sources:0:Archive"] = Path.Combine(root, "archive");
        config["Exchange:Sources:0:Rejected"] = Path.Combine(root, "rejected");
        config["Exchange:Sources:0:MappingFile"] = "mappings/test.json";
        config["Exchange:BatchSize"] = "20";
        config["Platform:Mode"] = "Remote";
        config["Platform:BaseUrl"] = platformUrl;
        config["Platform:AppKey"] = AppKey;
        config["Platform:AppSecret"] = AppSecret;
        config["Platform:SourceUnitUscc"] = TestRules.Bureau;
        // No retries inside the client: the exchange's own recovery (the next run) is what these tests exercise.
        config["Platform:MaxRetryAttempts"] = "0";
        config["Platform:CircuitBreakerMinimumThroughput"] = "1000";
        config["Platform:AttemptTimeout"] = "00:00:10";
        config["Platform:TotalTimeout"] = "00:00:20";
        return config;
    }

    public static async Task<ExchangeTestBed> StartAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-exchange-{Guid.NewGuid():N}");
        var sim = SimulatorServer.Start(new SimulatorOptions { AppKey = AppKey, AppSecret = AppSecret });
        var config = Configuration(database, root, sim.Url);
        configure?.Invoke(config);
        var hub = await TestHub.StartAsync(config, b =>
        {
            TestAuthentication.Add(b);
            b.Services.AddScoped<ISourceFileReader, TestCsvReader>();
            b.Services.AddSingleton<IRecordRules, TestRules>();
        });
        return new ExchangeTestBed(hub, root, sim);
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

    /// <summary>What the platform holds for the catalogue: recordId → content hash.</summary>
    public Dictionary<string, string> Held() => Sim.Records(Catalog).ToDictionary(r => r.RecordId, r => r.ContentHash);

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
        await Sim.DisposeAsync();
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
