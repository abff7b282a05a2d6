extern alias simulator;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Reconciliation;
using GanXian.CreditHub.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Reconciliation;

/// <summary>
/// The real hub on PostgreSQL with two sources (contributions SHBX_JFXX, red list SXJL_HMD whose 有效期至 is the
/// publication end), the real reader, signed client and simulator; hub and simulator share one fake clock so the
/// tests can move past a publication end.
/// </summary>
internal sealed class ReconciliationTestBed : IAsyncDisposable
{
    public const string RedList = "SXJL_HMD";
    public const string Penalties = "XZCF";

    private ReconciliationTestBed(TestHub hub, string root, SimulatorServer sim, FakeTimeProvider clock) => (Hub, Root, Sim, Clock) = (hub, root, sim, clock);

    public TestHub Hub { get; }
    public string Root { get; }
    public SimulatorServer Sim { get; }
    public FakeTimeProvider Clock { get; }
    public string ContributionInbox => Path.Combine(Root, "inbox");
    public string RedListInbox => Path.Combine(Root, "hmd", "inbox");

    public static async Task<ReconciliationTestBed> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-reconcile-{Guid.NewGuid():N}");
        var sim = SimulatorServer.Start(new SimulatorOptions { AppKey = ExchangeTestBed.AppKey, AppSecret = ExchangeTestBed.AppSecret, Clock = clock });
        var config = ExchangeTestBed.Configuration(database, root, sim.Url);
        AddSource(config, 1, "sxjl-hmd", RedList, Path.Combine(root, "hmd"), "SXJL_HMD.json");
        AddSource(config, 2, "xzcf", Penalties, Path.Combine(root, "xzcf"), "XZCF.json");
        var hub = await TestHub.StartAsync(config, b =>
        {
            TestAuthentication.Add(b);
            b.Services.AddSingleton<TimeProvider>(clock);
        });
        return new ReconciliationTestBed(hub, root, sim, clock);
    }

    private static void AddSource(Dictionary<string, string?> config, int index, string name, string catalog, string folder, string mapping)
    {
        var key = $"Collect:Sources:{index}:";
        config[key + "Name"] = name;
        config[key + "Catalog"] = catalog;
        config[key + "Inbox"] = Path.Combine(folder, "inbox");
        config[key + "Archive"] = Path.Combine(folder, "archive");
        config[key + "Rejected"] = Path.Combine(folder, "rejected");
        config[key + "MappingFile"] = mapping;
    }

    /// <summary>A red-list import file: one row per (document number, 有效期至).</summary>
    public void WriteRedList(string name, IEnumerable<(int Doc, string Until)> rows)
    {
        Directory.CreateDirectory(RedListInbox);
        File.WriteAllLines(Path.Combine(RedListInbox, name),
        [
            "主体名称,统一社会信用代码,荣誉类型,认定文号,认定日期,有效期至,认定机关,认定机关统一社会信用代码,状态",
            .. rows.Select(r => $"赣州市示例企业有限公司,{ExchangeRunTests.Employer},依法参保企业红榜,赣县人社〔2026〕{r.Doc}号,2026-01-05,{r.Until},赣州市赣县区人力资源和社会保障局,{TestRules.Bureau},有效"),
        ]);
    }

    /// <summary>A labour-inspection export of penalties: one row per (document number, 处罚类别, 罚款金额 in yuan), decided 2026-11-10, without 公示截止期.</summary>
    public void WritePenalties(string name, IEnumerable<(int Doc, string Category, string FineYuan)> rows)
    {
        var inbox = Path.Combine(Root, "xzcf", "inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllLines(Path.Combine(inbox, name),
        [
            "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额(元),处罚决定日期,处罚有效期",
            .. rows.Select(r => $"赣州市示例企业有限公司,法人,{ExchangeRunTests.Employer},赣县人社监罚〔2026〕{r.Doc}号,拖欠劳动者工资,拖欠工资,《劳动保障监察条例》第二十六条,{r.Category},{r.Category},{r.FineYuan},2026-11-10,2027-11-09"),
        ]);
    }

    public async Task<ExchangeSummary> ExchangeAsync()
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExchangeRunner>().RunAsync(new ExchangeRunRequest(ExchangeRunMode.Full, "system:test"), null, CancellationToken.None);
    }

    /// <summary>Runs a job body as the scheduler does: found by its type, in its own scope.</summary>
    public async Task<ScheduledTaskResult> RunTaskAsync(string jobType, Dictionary<string, string>? parameters = null)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        var task = ScheduledTasks.Find(scope.ServiceProvider, jobType) ?? throw new InvalidOperationException($"no task {jobType}");
        return await task.RunAsync(new ScheduledTaskContext(jobType, parameters ?? [], "schedule"), CancellationToken.None);
    }

    public async Task<ReconciliationReport> ReconcileAsync(bool dryRun = false)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync("system:test", dryRun, CancellationToken.None);
    }

    public async Task<T> QueryAsync<T>(Func<CreditHubDbContext, Task<T>> query)
    {
        await using var scope = Hub.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CreditHubDbContext>());
    }

    /// <summary>The catalogue's records in file order (an import inserts new records in key order, not row order).</summary>
    public Task<List<ExchangeRecord>> RecordsAsync(string catalog) =>
        QueryAsync(db => db.Set<ExchangeRecord>().AsNoTracking().Where(r => r.Catalog == catalog)
            .OrderBy(r => r.SourceFileId).ThenBy(r => r.SourceRow).ThenBy(r => r.Id).ToListAsync());

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
