using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Tests.Scheduling;

public sealed class ScheduleFilesTests
{
    [Fact]
    public void Every_shipped_schedule_and_calendar_file_loads_without_errors()
    {
        var set = ScheduleFiles.Load(RepositorySchedules.Directory);

        Assert.Empty(set.Errors);
        var files = Directory.GetFiles(Path.Combine(RepositorySchedules.Directory, "jobs"), "*.json");
        Assert.Equal(files.Length, set.Jobs.Count);
        Assert.Equal(
            ["calendar-coverage", "exchange", "expiry-sweep", "feedback-pull", "reconciliation", "retry-pending"],
            set.Jobs.Select(j => j.Name).Order(StringComparer.Ordinal));
        Assert.All(set.Jobs, j => Assert.Equal("Asia/Shanghai", j.TimeZone.Id));
        var exchange = set.Find("exchange")!;
        Assert.Equal("0 30 1 * * ?", exchange.Cron);
        Assert.Equal(MisfirePolicy.FireOnceNow, exchange.Misfire);
        // Retrying pending records pushes to the platform too: it shares the exchange's lock.
        Assert.Equal("exchange", set.Find("retry-pending")!.LockName);
        Assert.Equal("feedback-pull", set.Find("feedback-pull")!.LockName);
    }

    [Theory]
    [InlineData("\"cron\": \"every night\"", "字段 cron")]
    [InlineData("\"misfire\": \"later\"", "字段 misfire")]
    [InlineData("\"timeZone\": \"Mars/Olympus\"", "字段 timeZone")]
    [InlineData("\"calendar\": \"lunar\"", "字段 calendar")]
    [InlineData("\"name\": \"other\"", "字段 name")]
    [InlineData("\"enabled\": \"yes\"", "字段 enabled")]
    [InlineData("\"shedule\": \"x\"", "字段 shedule")]
    public void A_wrong_field_is_reported_with_the_file_and_the_field(string field, string expected)
    {
        var dir = TempSchedules(job: Job(field));

        var error = Assert.Single(ScheduleFiles.Load(dir).Errors);

        Assert.EndsWith("nightly.json", error.File);
        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public void A_make_up_workday_that_is_not_a_weekend_day_is_refused()
    {
        var dir = TempSchedules(calendar: """
            { "year": 2027, "source": "test", "holidays": [ { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" } ],
              "workdays": [ { "name": "bad", "date": "2027-01-05" } ] }
            """);

        var error = Assert.Single(ScheduleFiles.Load(dir).Errors);

        Assert.Contains("workdays[0].date", error.ToString());
        Assert.EndsWith("2027.json", error.File);
    }

    [Fact]
    public void A_trigger_is_built_from_the_file()
    {
        var set = ScheduleFiles.Load(TempSchedules(job: Job("\"calendar\": \"working-days\"", "\"misfire\": \"do-nothing\"")));
        var job = Assert.Single(set.Jobs);

        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(SchedulerServiceAccess.Trigger(job));

        Assert.Equal("working-days", trigger.CalendarName);
        Assert.Equal("0 30 1 * * ?", trigger.CronExpressionString);
        Assert.Equal("Asia/Shanghai", trigger.TimeZone.Id);
        Assert.Equal((int)Quartz.CronTriggerMisfireInstruction.DoNothing, trigger.MisfireInstructionCode);
        Assert.True(SchedulerServiceAccess.Job(job).RequestsRecovery);
        Assert.True(SchedulerServiceAccess.Job(job).ConcurrentExecutionDisallowed);
    }

    private static string Job(params string[] overrides)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = "\"name\": \"nightly\"",
            ["type"] = "\"type\": \"exchange\"",
            ["cron"] = "\"cron\": \"0 30 1 * * ?\"",
            ["timeZone"] = "\"timeZone\": \"Asia/Shanghai\"",
            ["enabled"] = "\"enabled\": true",
            ["misfire"] = "\"misfire\": \"fire-once-now\"",
        };
        foreach (var o in overrides)
        {
            fields[o.Split('"')[1]] = o;
        }

        return "{ " + string.Join(", ", fields.Values) + " }";
    }

    private static string TempSchedules(string? job = null, string? calendar = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"credithub-schedules-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "jobs"));
        Directory.CreateDirectory(Path.Combine(dir, "calendar"));
        if (job is not null)
        {
            File.WriteAllText(Path.Combine(dir, "jobs", "nightly.json"), job);
        }

        if (calendar is not null)
        {
            File.WriteAllText(Path.Combine(dir, "calendar", "2027.json"), calendar);
        }

        return dir;
    }
}

internal static class SchedulerServiceAccess
{
    public static Quartz.ITrigger Trigger(ScheduleDefinition job) => GanXian.CreditHub.Scheduling.SchedulerService.BuildTrigger(job);

    public static Quartz.IJobDetail Job(ScheduleDefinition job) => GanXian.CreditHub.Scheduling.SchedulerService.BuildJob(job);
}
