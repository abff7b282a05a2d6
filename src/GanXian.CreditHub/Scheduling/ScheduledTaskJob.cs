using System.Globalization;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// The one Quartz job class: every schedule file becomes a job of this class keyed by the schedule's name, and each
/// firing hands over to <see cref="JobRunner"/> (lock, history, task). Concurrent firings of one job are refused by
/// Quartz on every node of the cluster; the database lock also keeps manual runs out.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ScheduledTaskJob(JobRunner runner, ScheduleCatalog catalog, ILogger<ScheduledTaskJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var name = context.JobDetail.Key.Name;
        if (catalog.Find(name) is not { } job)
        {
            // The store may hold a job whose file was removed since another node (with older files) scheduled it.
            logger.LogWarning("本节点没有计划任务 {Job} 的计划文件，本次触发已忽略", name);
            return;
        }

        var trigger = context.Recovering ? JobRunRequest.Recovery : JobRunRequest.Schedule;
        var scheduled = context.Recovering ? OriginalScheduledFireTime(context) ?? context.ScheduledFireTimeUtc : context.ScheduledFireTimeUtc;
        await runner.RunAsync(job, new JobRunRequest(trigger, context.FireInstanceId, scheduled), ct);
    }

    /// <summary>A recovery firing carries the time the dead node's firing was scheduled for; the history keeps that one.</summary>
    private static DateTimeOffset? OriginalScheduledFireTime(IJobExecutionContext context)
    {
        var text = context.MergedJobDataMap.GetString(OriginalScheduledFireTimeKey);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    private const string OriginalScheduledFireTimeKey = "QRTZ_FAILED_JOB_ORIG_TRIGGER_SCHEDULED_FIRETIME_AS_STRING";
}
