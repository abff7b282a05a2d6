// Audit-log benchmark: append N entries in chunks (one transaction per chunk, as the exchange does), then verify the
// whole chain from the database. Figures go to docs/benchmarks.md ("Audit log").
//
//   pg_virtualenv -t -- dotnet run -c Release --project bench/AuditLog -- --entries 1000000 --chunk 500
//   dotnet run -c Release --project bench/AuditLog -- --provider sqlite --entries 200000
//
// PostgreSQL: CREDITHUB_BENCH_POSTGRES (an admin connection string) or the PG* variables pg_virtualenv exports.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GanXian.CreditHub.Bench.AuditLog;
using Npgsql;

var entries = Arg("--entries", 1_000_000);
var chunk = Arg("--chunk", 500);

// The first entries warm up the JIT; they count in the totals but not in the per-entry figures, which are measured
// once the background recompilation has settled.
var warmup = Math.Min(Arg("--warmup", 50_000), entries / 2);
var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? "postgres";
if (args.Contains("--hash-only"))
{
    // CPU cost of sealing alone (encoding + two SHA-256 per entry), without any database.
    var sample = new AuditEntry
    {
        Chain = LogChain.Exchange, Kind = "record.sent", Actor = "system:exchange", Catalog = "SHBX_JFXX", RecordId = "JFXX-2026-000000001",
        BatchId = "B20261201-000001", EntityKey = "91360704MA0000001X", State = "sent", PayloadHash = new string('a', 64),
        OccurredAt = DateTimeOffset.UnixEpoch,
    };
    var prevHash = AuditEncoding.Genesis;
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < entries; i++)
    {
        sample.Seq = i + 1;
        prevHash = AuditEncoding.EntryHash(sample, prevHash);
    }

    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var block = new byte[64];
    var output = new byte[32];
    for (var i = 0; i < entries; i++)
    {
        System.Security.Cryptography.SHA256.HashData(block, output);
    }

    Console.WriteLine($"bare SHA-256 of 64 bytes: CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F2} s per {entries:N0}");
    Console.WriteLine($"hash only: {entries:N0} entries in {sw.Elapsed.TotalSeconds:F2} s = {entries / sw.Elapsed.TotalSeconds:N0} entries/s; "
                      + $"CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2} s");
    return 0;
}

var folder = Path.Combine(Path.GetTempPath(), $"credithub-bench-audit-{Guid.NewGuid():N}");
Directory.CreateDirectory(folder);

string connectionString;
if (provider == "sqlite")
{
    connectionString = $"Data Source={Path.Combine(folder, "bench.db")}";
}
else
{
    var admin = Environment.GetEnvironmentVariable("CREDITHUB_BENCH_POSTGRES") ?? new NpgsqlConnectionStringBuilder
    {
        Host = Environment.GetEnvironmentVariable("PGHOST") ?? "127.0.0.1",
        Port = int.Parse(Environment.GetEnvironmentVariable("PGPORT") ?? "5432", CultureInfo.InvariantCulture),
        Username = Environment.GetEnvironmentVariable("PGUSER") ?? "postgres",
        Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
        Database = "postgres",
    }.ToString();
    var name = $"bench_audit_{Guid.NewGuid():N}";
    await using (var conn = new NpgsqlConnection(admin))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark", ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = provider == "sqlite" ? "Sqlite" : "Postgres",
    ["Database:ConnectionString"] = connectionString,
    ["Logging:Console:MinimumLevel"] = "Warning",
    ["Logging:File:Path"] = Path.Combine(folder, "logs", "hub-.json"),
    ["AuditLog:SigningKeyPath"] = Path.Combine(folder, "signing-key.pem"),
    ["AuditLog:CheckpointsPath"] = Path.Combine(folder, "checkpoints.jsonl"),
});
builder.AddCreditHub();
await using var app = builder.Build();
if (await CliRoot.RunAsync(app, ["db", "migrate"]) != 0)
{
    return 1;
}

// --schema-sql "…": run after the migrations, to measure the append with other indexes (docs/benchmarks.md).
if (args.SkipWhile(a => a != "--schema-sql").Skip(1).FirstOrDefault() is { } schemaSql)
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().Database.ExecuteSqlRawAsync(schemaSql);
    Console.WriteLine($"schema changed: {schemaSql}");
}

Console.WriteLine($"audit log bench: provider={provider} entries={entries:N0} chunk={chunk}");

// 1. Append. Events are built outside the measured part (that is the caller's work); the hub and PostgreSQL CPU are
// summed over the AppendAsync calls alone, each of which joins its chunk's transaction as the exchange's do.
var cpuMark = TimeSpan.Zero;
double Cpu()
{
    var now = Process.GetCurrentProcess().TotalProcessorTime;
    var spent = (now - cpuMark).TotalSeconds;
    cpuMark = now;
    return spent;
}

Cpu();
var watch = Stopwatch.StartNew();
var appendHub = TimeSpan.Zero;
var measured = 0;
var clock = app.Services.GetRequiredService<TimeProvider>();
var midTime = DateTimeOffset.MinValue;
var appendJit = TimeSpan.Zero;
var jit = new BackgroundJitCpu();
var appendPg = TimeSpan.Zero;
var totalPg = TimeSpan.Zero;
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
    var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
    var backend = await BackendCpu.OpenAsync(db);
    var pgStart = backend.Now();
    for (var at = 0; at < entries; at += chunk)
    {
        if (at <= entries / 2 && at + chunk > entries / 2)
        {
            midTime = clock.GetUtcNow();
        }

        var events = ExchangeLikeEvents(at, Math.Min(entries, at + chunk), chunk);
        await using var tx = await db.Database.BeginTransactionAsync();
        var jit0 = jit.Now();
        var hub0 = Process.GetCurrentProcess().TotalProcessorTime;
        var pg0 = backend.Now();
        await log.AppendAsync(db, events, default);
        var pgSpent = backend.Now() - pg0;
        var hubSpent = Process.GetCurrentProcess().TotalProcessorTime - hub0;
        var jitSpent = jit.Now() - jit0;
        if (at >= warmup)
        {
            appendPg += pgSpent;
            appendHub += hubSpent - jitSpent;
            appendJit += jitSpent;
            measured += events.Count;
        }
        await tx.CommitAsync();
        if (at < warmup && at + chunk >= warmup)
        {
            await SettleAsync();
        }
    }

    totalPg = backend.Now() - pgStart;
    Console.WriteLine($"PostgreSQL backend CPU from {backend.Source}");
}

var append = watch.Elapsed;
Console.WriteLine($"append: {entries:N0} entries in {append.TotalSeconds:F1} s = {entries / append.TotalSeconds:N0} entries/s; "
                  + $"whole loop: hub CPU {Cpu():F1} s, PostgreSQL CPU {totalPg.TotalSeconds:F1} s");
Console.WriteLine($"inside AppendAsync, after {warmup:N0} warm-up entries: hub CPU {appendHub.TotalSeconds:F2} s "
                  + $"(not counting {appendJit.TotalSeconds:F2} s of background tier-1 JIT meanwhile) = "
                  + $"{appendHub.TotalMicroseconds / measured:F2} µs/entry; PostgreSQL CPU {appendPg.TotalSeconds:F2} s = {appendPg.TotalMicroseconds / measured:F2} µs/entry");

watch.Restart();
var checkpoint = await app.Services.GetRequiredService<IAuditCheckpoints>().WriteAsync(LogChain.Exchange, "bench", default);
Console.WriteLine($"checkpoint at #{checkpoint?.Seq}: {watch.Elapsed.TotalMilliseconds:F0} ms");

// 2. Verify (a fresh scope, as `audit verify` runs it).
Cpu();
watch.Restart();
VerifyReport report;
await using (var scope = app.Services.CreateAsyncScope())
{
    using var key = AuditVerifier.LocalPublicKey(scope.ServiceProvider.GetRequiredService<AuditSigningKey>());
    report = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(LogChain.Exchange, null, null, key, default);
}

var verify = watch.Elapsed;
Console.WriteLine($"verify: {report.Checked:N0} entries in {verify.TotalSeconds:F1} s = {report.Checked / verify.TotalSeconds:N0} entries/s; hub CPU {Cpu():F1} s; ok={report.Ok}");
Console.WriteLine($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}, cores: {Environment.ProcessorCount}");
Console.WriteLine(AuditReportText.Summary(report));

// 3. The auditors' searches over the whole log (the indexes the append pays for), each timed on a fresh scope, after
// the ANALYZE that autovacuum runs by itself once that many rows have arrived (without statistics the planner guesses).
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
    await db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.Postgres ? "ANALYZE audit_entries" : "ANALYZE");
}
// 3. The auditors' searches over the whole log (the indexes the append pays for), each timed on a fresh scope.
var middle = entries / 2 / 3 * 3;
var probe = ExchangeLikeEvents(middle, middle + 3, chunk);
foreach (var (name, filter) in new (string, AuditFilter)[]
         {
             ("entity", new AuditFilter { EntityKey = probe[0].EntityKey }),
             ("record", new AuditFilter { RecordId = probe[0].RecordId }),
             ("batch", new AuditFilter { BatchId = probe[1].BatchId }),
             ("time range (1 s) and state", new AuditFilter { From = midTime, To = midTime.AddSeconds(1), State = "accepted" }),
         })
{
    await using var scope = app.Services.CreateAsyncScope();
    watch.Restart();
    var page = await scope.ServiceProvider.GetRequiredService<AuditSearch>().SearchAsync(filter, 1, 50, "bench", default);
    Console.WriteLine($"search by {name}: {page.Items.Count}{(page.HasMore ? "+" : "")} entries in {watch.Elapsed.TotalMilliseconds:F1} ms");
}

await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
    if (db.Provider == DatabaseProvider.Postgres)
    {
        var size = await db.Database.SqlQueryRaw<string>("SELECT pg_size_pretty(pg_total_relation_size('audit_entries')) AS \"Value\"").SingleAsync();
        Console.WriteLine($"audit_entries on disk (with indexes): {size}");
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        foreach (var (name, where) in new[]
                 {
                     ("verify", "seq >= 1 ORDER BY seq"),
                     ("search by record", $"record_id = '{probe[0].RecordId}' ORDER BY seq DESC LIMIT 51"),
                     ("search by entity", $"entity_key = '{probe[0].EntityKey}' ORDER BY seq DESC LIMIT 51"),
                 })
        {
            explain.CommandText = $"EXPLAIN SELECT * FROM audit_entries WHERE chain = 1 AND {where}";
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                Console.WriteLine($"{name} plan: {plan.GetString(0)}");
            }
        }
    }
}

return report.Ok ? 0 : 1;

// The runtime recompiles hot startup code (EF Core's model building, migrations) in the background at tier 1; under
// load that takes seconds and would be counted as the appender's CPU. Wait until the process is idle.
static async Task SettleAsync()
{
    for (var i = 0; i < 60; i++)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(500);
        if ((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds < 10)
        {
            return;
        }
    }
}

// Shaped like the exchange's: per record collected (file row), sending (batch, payload hash, op) and accepted
// (platform id); recordIds made by RecordIds as the exchange makes them (catalogue + base32 of a SHA-256: random
// keys), batch ids are GUIDs, about 25,000 employers.
static List<LogEvent> ExchangeLikeEvents(int from, int to, int chunk)
{
    var events = new List<LogEvent>(to - from);
    var batch = new Guid(MD5.HashData(BitConverter.GetBytes(from / chunk))).ToString();
    for (var i = from; i < to; i++)
    {
        var record = i / 3;
        var digest = SHA256.HashData(BitConverter.GetBytes(record));
        var recordId = RecordIds.For("SHBX_JFXX", ["key"], new JsonObject { ["key"] = record.ToString(CultureInfo.InvariantCulture) })!;
        var step = i % 3;
        events.Add(new LogEvent
        {
            Chain = LogChain.Exchange,
            Kind = step switch { 0 => "record.collected", 1 => "record.sending", _ => "record.accepted" },
            Actor = "system:exchange",
            Catalog = "SHBX_JFXX",
            RecordId = recordId,
            BatchId = step == 0 ? null : batch,
            EntityKey = $"91360704MA{record % 25_000:D7}X",
            State = step switch { 0 => "pending", 1 => "sending", _ => "accepted" },
            PayloadHash = step == 2 ? null : Convert.ToHexStringLower(digest),
            Detail = step switch { 0 => $"jfxx-202611.csv 第 {record + 2} 行：new", 1 => "upsert", _ => $"P{record:D12}" },
        });
    }

    return events;
}

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
