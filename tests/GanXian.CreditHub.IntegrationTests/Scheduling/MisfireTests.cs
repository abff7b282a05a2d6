using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;
using Quartz;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>The hub is down at a job's scheduled time; on restart the file's misfire policy decides.</summary>
public sealed class MisfireTests
{
    [Theory]
    [InlineData("fire-once-now", true)]
    [InlineData("do-nothing", false)]
    public async Task After_downtime_spanning_the_scheduled_time_the_misfire_policy_applies(string policy, bool runsOnRestart)
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var database = new TestDatabase(DatabaseProvider.Postgres, cs).Configuration();

        // Once a day, a few seconds from now (whole seconds in Asia/Shanghai, as an operator would write it): far
        // enough for node A to start and stop before it even when the suite's parallel tests load both cores (with
        // 4 s, a start that took longer ran the job on node A, and the test failed for a reason it does not test).
        var due = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddSeconds(15), BusinessTime.Zone);
        due = new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, due.Offset);
        var schedules = ProbeSchedules.Write($"{due.Second} {due.Minute} {due.Hour} * * ?", policy);
        var log = new ProbeLog();

        // The node that scheduled the job goes down before it is due ...
        await using (await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "node-a"), ProbeSchedules.Register(log)))
        {
        }

        Assert.True(DateTimeOffset.UtcNow < due, $"node A was still up at the due time {due:HH:mm:ss}: the machine is too slow for this test's margin");

        // ... and stays down past the due time and the misfire threshold (1 s).
        var wait = due.AddSeconds(3) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using (var b = await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "node-b"), ProbeSchedules.Register(log)))
        {
            var rows = await History.WaitForAsync(cs, rs => rs.Any(r => r.Outcome != JobOutcomes.Running), TimeSpan.FromSeconds(runsOnRestart ? 20 : 6));
            var scheduler = await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var next = (await scheduler.GetTrigger(new TriggerKey("probe", "schedules")))!.NextFireTimeUtc;

            if (runsOnRestart)
            {
                var run = Assert.Single(rows);
                Assert.Equal("node-b", run.Node);
                Assert.Equal(JobOutcomes.Succeeded, run.Outcome);
                Assert.Equal(due.ToUniversalTime(), run.Scheduled);
            }
            else
            {
                Assert.Empty(rows);
            }

            // Either way the trigger survived the restart (it was not replaced) and waits for tomorrow's time.
            Assert.Equal(due.AddDays(1).ToUniversalTime(), next);
        }
    }
}
