using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Scheduling.Calendar;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// Under <c>serve</c> (when <c>Scheduling:Enabled</c>): puts the schedule files into the Quartz store, then starts the
/// scheduler. A trigger is replaced only when its file changed (cron, zone, misfire policy, calendar), because
/// replacing an unchanged trigger would forget a firing missed while the hub was down, and its misfire policy with it.
/// Jobs whose file is gone or whose type no task implements are removed from the store, with a warning.
/// </summary>
internal sealed class SchedulerService(
    ISchedulerFactory factory,
    ScheduleCatalog catalog,
    IServiceScopeFactory scopes,
    ILogger<SchedulerService> logger) : IHostedService
{
    internal const string Group = "schedules";
    private const string FingerprintKey = "definition";

    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        await SynchronizeAsync(scheduler, ct);
        await scheduler.Start(ct);
        _scheduler = scheduler;
        logger.LogInformation("调度器已启动，节点 {Node}", scheduler.SchedulerInstanceId);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, ct);
        }
    }

    private async Task SynchronizeAsync(IScheduler scheduler, CancellationToken ct)
    {
        IReadOnlySet<string> registered;
        await using (var scope = scopes.CreateAsyncScope())
        {
            registered = ScheduledTasks.RegisteredTypes(scope.ServiceProvider);
        }

        var calendar = QuartzWorkingDayCalendar.Build(catalog.Calendar, BusinessTime.Zone);
        // Asked by name first: the persistent store logs a warning for a calendar it does not hold, on every first start.
        var stored = (await scheduler.GetCalendarNames(ct)).Contains(ScheduleDefinition.WorkingDaysCalendar)
            ? await scheduler.GetCalendar(ScheduleDefinition.WorkingDaysCalendar, ct)
            : null;
        if (stored is null || !calendar.Equals(stored))
        {
            await scheduler.AddCalendar(ScheduleDefinition.WorkingDaysCalendar, calendar, AddCalendarOptions.ReplacingAndUpdatingTriggers, ct);
        }

        var wanted = new HashSet<JobKey>();
        foreach (var job in catalog.Jobs)
        {
            if (!job.Enabled)
            {
                logger.LogInformation("计划任务 {Job} 在 {File} 中已停用", job.Name, job.File);
                continue;
            }

            if (!registered.Contains(job.Type))
            {
                logger.LogWarning("计划任务 {Job} 未排程：尚无任务实现类型 {Type}（{File}）", job.Name, job.Type, job.File);
                continue;
            }

            var key = new JobKey(job.Name, Group);
            wanted.Add(key);
            var existing = await scheduler.GetTrigger(new TriggerKey(job.Name, Group), ct);
            if (existing?.JobDataMap.GetString(FingerprintKey) == job.TriggerFingerprint)
            {
                continue;
            }

            await scheduler.ScheduleJob(BuildJob(job), BuildTrigger(job), ScheduleJobOptions.Replacing, ct);
            logger.LogInformation("计划任务 {Job} 已排程（{Cron} {Zone}，错过触发时 {Misfire}）", job.Name, job.Cron, job.TimeZone.Id, job.MisfireName);
        }

        foreach (var stale in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), ct)).Where(k => !wanted.Contains(k)))
        {
            await scheduler.DeleteJob(stale, ct);
            logger.LogWarning("已从调度器移除任务 {Job}：没有启用的、类型已注册的计划文件", stale.Name);
        }
    }

    internal static IJobDetail BuildJob(ScheduleDefinition job) =>
        JobBuilder.Create<ScheduledTaskJob>()
            .WithIdentity(job.Name, Group)
            .WithDescription(job.Description ?? job.Name)
            .RequestRecovery()
            .DisallowConcurrentExecution()
            .Build();

    internal static ITrigger BuildTrigger(ScheduleDefinition job)
    {
        var schedule = CronScheduleBuilder.Create(job.Cron).InTimeZone(job.TimeZone).WithMisfireInstruction(job.Misfire switch
        {
            MisfirePolicy.DoNothing => CronTriggerMisfireInstruction.DoNothing,
            MisfirePolicy.Ignore => CronTriggerMisfireInstruction.IgnoreMisfires,
            _ => CronTriggerMisfireInstruction.FireAndProceed,
        });
        var trigger = TriggerBuilder.Create()
            .WithIdentity(job.Name, Group)
            .ForJob(job.Name, Group)
            .WithSchedule(schedule)
            .UsingJobData(FingerprintKey, job.TriggerFingerprint);
        if (job.Calendar is { } calendar)
        {
            trigger = trigger.WithCalendarName(calendar);
        }

        return trigger.Build();
    }
}
