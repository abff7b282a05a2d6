extern alias simulator;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>
/// The exchange's promise under crashes: the hub's built dll runs <c>exchange</c> as a child process against the
/// simulator hosted here, and is killed at random moments several times (with the simulator failing and dropping
/// connections after committing); then it runs to the end. The platform must hold every valid record exactly once
/// with its latest content, and every input row must be in exactly one visible state.
/// </summary>
public sealed class ExchangeCrashTests
{
    private const int Kills = 4;

    // PostgreSQL only: there the lock is a session advisory lock that dies with the killed process. On SQLite it is a
    // lease that a killed holder keeps for its lease duration (a minute), so each run after a kill would first wait.
    [Fact]
    public async Task Killing_the_exchange_at_random_moments_loses_nothing_and_sends_nothing_twice()
    {
        const DatabaseProvider provider = DatabaseProvider.Postgres;
        var database = await TestDatabase.CreateAsync(provider);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-crash-{Guid.NewGuid():N}");
        await using var sim = SimulatorServer.Start(new SimulatorOptions
        {
            AppKey = ExchangeTestBed.AppKey, AppSecret = ExchangeTestBed.AppSecret,
            // Latency keeps each run busy for several seconds on a quiet machine too, so the kills land mid-run.
            Faults = new SimulatorFaults { DropRate = 0.15, ErrorRate = 0.1, LatencyMs = 400 },
        });
        var config = ExchangeTestBed.Configuration(database, root, sim.Url);
        config["Exchange:BatchSize"] = "20";
        config["Logging:Console:MinimumLevel"] = "Warning";
        config["Logging:File:Path"] = Path.Combine(root, "logs", "hub-.json");
        await using (var app = TestHub.Build(config))
        {
            Assert.Equal(0, await CliRoot.RunAsync(app, ["db", "migrate"]));
        }

        // Three nightly exports: the second changes a quarter of the first's records and adds new ones; the third repeats
        // the second with a few changes more. Five rows of the first are invalid.
        var inbox = Path.Combine(root, "inbox");
        var expected = new Dictionary<string, decimal>();
        var files = new List<(string Name, List<string> Rows)>
        {
            ("a.csv", [.. ExchangeRunTests.Rows(200)]),
            ("b.csv", [.. ExchangeRunTests.Rows(50, 5000m), .. ExchangeRunTests.Rows(150, 100m, 50), .. ExchangeRunTests.Rows(100, 100m, 200)]),
            ("c.csv", [.. ExchangeRunTests.Rows(10, 9000m), .. ExchangeRunTests.Rows(290, 100m, 10)]),
        };
        for (var i = 0; i < 5; i++)
        {
            files[0].Rows[30 + i * 7] = $"{ExchangeRunTests.Employer},110,{ExchangeRunTests.Period(30 + i * 7)},坏数据";
        }

        var stamp = new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc);
        foreach (var (name, rows) in files)
        {
            var path = ExchangeTestBed.WriteExport(inbox, name, rows);
            File.SetLastWriteTimeUtc(path, stamp = stamp.AddMinutes(1));
            foreach (var r in rows.Select(r => r.Split(',')).Where(f => decimal.TryParse(f[3], out _)))
            {
                expected[r[2]] = decimal.Parse(r[3]);
            }
        }

        var random = new Random(4);
        var interrupted = 0;
        var finished = new List<string>();
        // A run may also end by itself before its kill (the faults can open the circuit breaker): such a run does not
        // count, up to a limit of runs.
        for (var k = 0; interrupted < Kills && k < 3 * Kills; k++)
        {
            var said = new System.Text.StringBuilder();
            using var child = StartExchange(config, said);
            await Task.Delay(random.Next(800, 4000));
            var killed = !child.HasExited;
            if (killed)
            {
                child.Kill(entireProcessTree: true);
                interrupted++;
            }

            await child.WaitForExitAsync();
            if (!killed)
            {
                // Why a run ended before its kill, for the message below (a run that finished, or one that failed early).
                var last = said.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                finished.Add($"run {k + 1} exited with {child.ExitCode}: {string.Join(" / ", last.TakeLast(3))}");
            }
        }

        Assert.True(interrupted >= 2, $"only {interrupted} of {interrupted + finished.Count} runs were still working when killed:\n{string.Join("\n", finished)}");
        sim.ClearFaults();
        var exit = -1;
        var output = new System.Text.StringBuilder();
        for (var attempt = 0; attempt < 4 && exit != ExitCodes.Ok; attempt++)
        {
            output.Clear();
            using var child = StartExchange(config, output);
            await child.WaitForExitAsync();
            exit = child.ExitCode;
        }

        Assert.Equal(ExitCodes.Ok, exit);
        // What the operator reads at the end: the time of each phase, then the one-line summary.
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("完成。", lines[^1]);
        Assert.Matches(@"^耗时：导入 \d+\.\d 秒（本进程 CPU \d+\.\d 秒）；发送 \d+\.\d 秒", lines[^2]);
        await using var check = TestHub.Build(config);
        await using var scope = check.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();

        // The platform holds every valid record exactly once, with the content of the latest file.
        var records = await db.Set<ExchangeRecord>().AsNoTracking().ToListAsync();
        var held = sim.Records(ExchangeTestBed.Catalog);
        Assert.Equal(held.Count, held.Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(records.ToDictionary(r => r.RecordId, r => r.ContentHash), held.ToDictionary(r => r.RecordId, r => r.ContentHash));
        Assert.All(records, r => Assert.Equal(RecordStates.Accepted, r.State));
        var contents = records.Select(r => JsonNode.Parse(r.Data)!).ToDictionary(d => d["FKSSQ"]!.GetValue<string>(), d => d["YJJE"]!.GetValue<decimal>());
        Assert.Equal(expected.OrderBy(e => e.Key), contents.OrderBy(e => e.Key));

        // Every input row is in exactly one visible state: each file was imported once, each of its rows has one
        // outcome, and each quarantined row has its one open item.
        var imported = await db.Set<ImportedFile>().AsNoTracking().ToListAsync();
        Assert.Equal(files.Select(f => f.Name).Order(), imported.Select(f => f.FileName).Order());
        Assert.All(imported, f => Assert.Equal(FileOutcomes.Archived, f.Outcome));
        var inputRows = await db.Set<InputRow>().AsNoTracking().ToListAsync();
        foreach (var f in imported)
        {
            var mine = inputRows.Where(r => r.FileId == f.Id).ToList();
            Assert.Equal(files.Single(x => x.Name == f.FileName).Rows.Count, mine.Count);
            Assert.Equal(mine.Count, mine.Select(r => r.SourceRow).Distinct().Count());
        }

        Assert.Equal(5, inputRows.Count(r => r.Outcome == RowOutcomes.Quarantined));
        // The later files brought valid versions of the five: their items were cleared, once each.
        var items = await db.Set<QuarantineItem>().AsNoTracking().ToListAsync();
        Assert.Equal(5, items.Count);
        Assert.All(items, q => Assert.Equal(QuarantineStatuses.Cleared, q.Status));
        Assert.Equal(0, await db.Set<ExchangeBatch>().CountAsync(b => b.State != BatchStates.Receipted));
        Assert.Empty(Directory.GetFiles(inbox));
    }

    // SQLite: its lock is a lease row that only the holder deletes. A SIGTERM (or Ctrl-C) used to end the process two
    // seconds later with the run still working, so the lease stayed and the next run reported "another exchange
    // running" (exit 7) for a minute; the operator read nothing about the interruption either.
    [Fact]
    public async Task An_exchange_stopped_by_SIGTERM_says_so_releases_its_lock_and_the_next_run_finishes_the_work()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var root = Path.Combine(Path.GetTempPath(), $"credithub-sigterm-{Guid.NewGuid():N}");
        await using var sim = SimulatorServer.Start(new SimulatorOptions
        {
            AppKey = ExchangeTestBed.AppKey, AppSecret = ExchangeTestBed.AppSecret, Faults = new SimulatorFaults { LatencyMs = 400 },
        });
        var config = ExchangeTestBed.Configuration(database, root, sim.Url);
        config["Exchange:BatchSize"] = "20";
        config["Exchange:BatchesInFlight"] = "1";
        config["Logging:Console:MinimumLevel"] = "Warning";
        config["Logging:File:Path"] = Path.Combine(root, "logs", "hub-.json");
        ExchangeTestBed.WriteExport(Path.Combine(root, "inbox"), "a.csv", [.. ExchangeRunTests.Rows(300)]);

        var said = new System.Text.StringBuilder();
        var complained = new System.Text.StringBuilder();
        using (var child = StartExchange(config, said, complained))
        {
            var started = Stopwatch.StartNew();
            while (!said.ToString().Contains("发送", StringComparison.Ordinal) && started.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited)
            {
                await Task.Delay(100);
            }

            await Task.Delay(1500);
            Assert.False(child.HasExited, $"the run ended before it could be stopped: {said}");
            using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await child.WaitForExitAsync();
            Assert.Equal(ExitCodes.Interrupted, child.ExitCode);
            Assert.Contains("已中断", complained.ToString(), StringComparison.Ordinal);
        }

        var output = new System.Text.StringBuilder();
        using (var next = StartExchange(config, output))
        {
            await next.WaitForExitAsync();
            Assert.True(next.ExitCode == ExitCodes.Ok, $"exit {next.ExitCode}: {output}");
        }

        Assert.Equal(300, sim.Records(ExchangeTestBed.Catalog).Count);
    }

    private static Process StartExchange(IDictionary<string, string?> config, System.Text.StringBuilder? output = null, System.Text.StringBuilder? error = null)
    {
        var hub = HubProcess.HubDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hub)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(hub);
        psi.ArgumentList.Add("exchange");
        foreach (var (key, value) in config)
        {
            psi.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (output is not null && e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (error is not null && e.Data is not null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
