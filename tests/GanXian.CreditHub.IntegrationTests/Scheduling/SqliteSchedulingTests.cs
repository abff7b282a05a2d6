using System.Net.Http.Json;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;
using Quartz;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>The embedded default: SQLite, Quartz's in-memory store, the lease-row lock.</summary>
public sealed class SqliteSchedulingTests
{
    [Fact]
    public async Task The_embedded_default_schedules_in_memory_and_records_runs()
    {
        var database = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        var schedules = ProbeSchedules.Write("* * * * * ?");
        var log = new ProbeLog();

        await using (var hub = await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "solo"), builder =>
                     {
                         ProbeSchedules.Register(log)(builder);
                         TestAuthentication.Add(builder);
                     }))
        {
            var scheduler = await hub.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var metadata = await scheduler.GetMetadata();
            Assert.False(metadata.JobStorePersistent);
            await log.WaitForAsync(_ => log.Executions.Count >= 2, TimeSpan.FromSeconds(15));

            using var client = hub.CreateClient().As("olga", Roles.Officer);
            var history = await client.GetFromJsonAsync<List<JobRunView>>("/api/jobs/history?job=probe");
            Assert.Contains(history!, r => r.Outcome == JobOutcomes.Succeeded && r.Trigger == JobRunRequest.Schedule && r.Node == "solo");
        }

        // A web-only node (scheduler off) runs nothing by itself, but jobs run NAME works with lock and history.
        var webOnly = ProbeSchedules.Node(database, schedules, "web");
        webOnly["Scheduling:Enabled"] = "false";
        var before = log.Executions.Count;
        await using (var app = TestHub.Build(webOnly, ProbeSchedules.Register(log)))
        {
            Assert.Null(app.Services.GetService<ISchedulerFactory>());
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["jobs", "run", "probe"]));
            Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["jobs", "run", "no-such-job"]));
        }

        Assert.Equal(before + 1, log.Executions.Count);
        Assert.StartsWith("manual:", log.Executions.Last().Trigger, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedules_check_passes_the_shipped_files_and_fails_a_broken_folder()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        await using var app = TestHub.Build(config);

        // Shipped: valid, with warnings for the types no capability has registered yet (not an error).
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["schedules", "check"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["schedules", "check", "--dir", ProbeSchedules.Write("0 0 25 * * ?")]));
    }

    [Theory]
    [InlineData("Scheduling:Enabled", "maybe")]
    [InlineData("Scheduling:MisfireThreshold", "-00:00:01")]
    [InlineData("Scheduling:MaxConcurrency", "0")]
    [InlineData("Scheduling:Directory", "/nonexistent/schedules")]
    public async Task A_wrong_scheduling_setting_gives_one_line_naming_the_key(string key, string value)
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        config[key] = value;
        await using var app = TestHub.Build(config);
        var error = new StringWriter();

        Assert.Equal(ExitCodes.Configuration, await CliRoot.RunAsync(app, ["jobs", "list"], error));

        var text = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', text);
        Assert.Contains(key, text);
    }

    [Fact]
    public async Task A_broken_schedule_file_stops_the_start_naming_the_file_and_field()
    {
        var database = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        var schedules = ProbeSchedules.Write("not a cron");
        await using var app = TestHub.Build(ProbeSchedules.Node(database, schedules, "solo"));
        var error = new StringWriter();

        var exit = await CliRoot.RunAsync(app, ["db", "migrate"], error);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Contains("probe.json", error.ToString());
        Assert.Contains("字段 cron", error.ToString());
    }
}
