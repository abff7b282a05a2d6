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

    private ExchangeTestBed(TestHub hub, string root, SimulatorServer sim, bool testReader)
    {
        Hub = hub;
        Root = root;
        Sim = sim;
        this.testReader = testReader;
    }

    private readonly bool testReader;

    public TestHub Hub { get; }
    public string Root { get; }
    public SimulatorServer Sim { get; }
    public string Inbox => Path.Combine(Root, "inbox");
    public string Archive => Path.Combine(Root, "archive");
    public string Rejected => Path.Combine(Root, "rejected");

    public static Dictionary<string, string?> Configuration(TestDatabase database, string root, string platformUrl)
    {
        var config = database.Configuration();
        config["Collect:SourceUnitName"] = "赣州市赣县区人力资源和社会保障局";
        config["Collect:Sources:0:Name"] = "shbx-jfxx";
        config["Collect:Sources:0:Catalog"] = Catalog;
        config["Collect:Sources:0:Inbox"] = Path.Combine(root, "inbox");
        config["Collect:Sources:0:Archive"] = Path.Combine(root, "archive");
        config["Collect:Sources:0:Rejected"] = Path.Combine(root, "rejected");
        config["Collect:Sources:0:MappingFile"] = "SHBX_JFXX.json";
        config["AuditLog:SigningKeyPath"] = Path.Combine(root, "audit", "signing-key.pem");
        config["AuditLog:CheckpointsPath"] = Path.Combine(root, "audit", "checkpoints.jsonl");
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

    /// <param name="testReader">
    /// Use the small test reader instead of the real one: only for platform-side rejections, which the real reader and
    /// rules never let through (they check everything the platform checks).
    /// </param>
    /// <param name="realSignIn">The hub's own authentication only (cookies, API keys), for the browser; otherwise the test header scheme as well.</param>
    /// <param name="services">Replacements for the hub's services (after the test reader's, when that is chosen).</param>
    public static async Task<ExchangeTestBed> StartAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? configure = null, bool testReader = false, bool realSignIn = false,
        Action<IServiceCollection>? services = null, bool migrate = true)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-exchange-{Guid.NewGuid():N}");
        var sim = SimulatorServer.Start(new SimulatorOptions { AppKey = AppKey, AppSecret = AppSecret });
        var config = Configuration(database, root, sim.Url);
        configure?.Invoke(config);
        var hub = await TestHub.StartAsync(config, b =>
        {
            if (!realSignIn)
            {
                TestAuthentication.Add(b);
            }

            if (testReader)
            {
                b.Services.AddScoped<ISourceFileReader, TestCsvReader>();
                b.Services.AddSingleton<IRecordRules, TestRules>();
            }

            services?.Invoke(b.Services);
        }, migrate);
        return new ExchangeTestBed(hub, root, sim, testReader);
    }

    public async Task<ExchangeSummary> RunAsync(ExchangeRunMode mode = ExchangeRunMode.Full, bool dryRun = false)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExchangeRunner>().RunAsync(new ExchangeRunRequest(mode, "system:test", dryRun), null, CancellationToken.None);
    }

    public const string ExportHeader = "单位名称,统一社会信用代码,险种类型,费款所属期,参保人数,应缴金额,实缴金额,欠缴金额,缴费状态,统计日期";

    /// <summary>Writes an inbox file from short rows <c>code,type,period,amount</c>, as the social-insurance system's export (or the test reader's format).</summary>
    public string WriteFile(string name, IEnumerable<string> rows) => WriteExport(Inbox, name, rows, testReader);

    public static string WriteExport(string folder, string name, IEnumerable<string> rows, bool shortFormat = false)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, shortFormat ? ["TYSHXYDM,XZLX,FKSSQ,YJJE", .. rows] : [ExportHeader, .. rows.Select(Export)]);
        return path;
    }

    /// <summary>A short row as a line of the export.</summary>
    public static string Export(string row)
    {
        if (row == "#BROKEN")
        {
            return "赣州市示例企业有限公司,\"113607210000000197,110,202610"; // a quote that never closes
        }

        var f = row.Split(',');
        var paid = decimal.TryParse(f[3], out _) ? f[3] : "0";
        return $"赣州市示例企业有限公司,{f[0]},{f[1]},{f[2]},12,{f[3]},{paid},0.00,正常,2026-11-30";
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
