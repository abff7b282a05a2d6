using System.Net;
using System.Net.Http.Json;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

public sealed class ManualRunTests
{
    [Fact]
    public async Task A_manual_run_cannot_overlap_a_scheduled_run_and_the_api_shows_both()
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var database = new TestDatabase(DatabaseProvider.Postgres, cs).Configuration();
        var schedules = ProbeSchedules.Write("0/2 * * * * ?");
        var log = new ProbeLog();
        var release = new TaskCompletionSource();
        log.Behaviour = e => e.Trigger == JobRunRequest.Schedule ? release.Task : Task.CompletedTask;

        await using var hub = await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "node-a"), builder =>
        {
            ProbeSchedules.Register(log)(builder);
            TestAuthentication.Add(builder);
        });
        await log.WaitForAsync(e => e.Trigger == JobRunRequest.Schedule, TimeSpan.FromSeconds(15));
        using var client = hub.CreateClient();

        // The scheduled run holds the lock: the API refuses at once, and so does the CLI in another process's place.
        var refused = await client.As("root", Roles.Administrator).PostAsync("/api/jobs/probe/run", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(JobOutcomes.Skipped, (await refused.Content.ReadFromJsonAsync<JobRunView>())!.Outcome);
        await using (var cli = TestHub.Build(ProbeSchedules.Node(database, schedules, "cli"), ProbeSchedules.Register(log)))
        {
            Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(cli, ["jobs", "run", "probe"]));
        }

        Assert.DoesNotContain(log.Executions, e => e.Trigger.StartsWith("manual:", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.As("olga", Roles.Officer).PostAsync("/api/jobs/probe/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.As("eve", Roles.Evaluator).GetAsync("/api/jobs")).StatusCode);
        var jobs = await client.As("olga", Roles.Officer).GetFromJsonAsync<List<JobView>>("/api/jobs");
        var probe = Assert.Single(jobs!);
        Assert.True(probe.Registered);
        Assert.Equal(JobOutcomes.Skipped, probe.LastRun!.Outcome);

        release.SetResult();
        await History.WaitForAsync(cs, rs => rs.Any(r => r.Trigger == JobRunRequest.Schedule && r.Outcome == JobOutcomes.Succeeded), TimeSpan.FromSeconds(10));

        // Once the scheduled run is over, a manual run goes through (retried: the next firing may hold the lock briefly).
        HttpResponseMessage ran = null!;
        for (var i = 0; i < 10; i++)
        {
            ran = await client.As("root", Roles.Administrator).PostAsync("/api/jobs/probe/run", null);
            if (ran.StatusCode != HttpStatusCode.Conflict)
            {
                break;
            }

            await Task.Delay(300);
        }

        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        var manual = (await ran.Content.ReadFromJsonAsync<JobRunView>())!;
        Assert.Equal(JobOutcomes.Succeeded, manual.Outcome);
        Assert.Equal("manual:root", manual.Trigger);
        Assert.Equal(1, manual.Counts["probed"]);

        var history = await client.As("olga", Roles.Officer).GetFromJsonAsync<List<JobRunView>>("/api/jobs/history?job=probe&limit=100");
        Assert.Contains(history!, r => r.Id == manual.Id);
        Assert.Equal(2, history!.Count(r => r.Outcome == JobOutcomes.Skipped));
        Assert.Equal(HttpStatusCode.NotFound, (await client.As("root", Roles.Administrator).PostAsync("/api/jobs/nope/run", null)).StatusCode);

        // A limit the history cannot honour is refused, as jobs history --limit refuses it, not clamped to an empty list.
        foreach (var limit in new[] { 0, -5, JobQueries.MaxLimit + 1 })
        {
            var tooFar = await client.As("olga", Roles.Officer).GetAsync($"/api/jobs/history?job=probe&limit={limit}");
            Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
            Assert.Contains($"1 到 {JobQueries.MaxLimit}", await tooFar.Content.ReadAsStringAsync());
        }
    }
}
