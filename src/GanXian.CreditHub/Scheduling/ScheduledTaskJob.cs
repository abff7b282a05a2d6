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
            logger.LogWarning("Scheduled job {Job} has no schedule file on this node; firing ignored", name);
            return;
        }

        var trigger = context.Recovering ? JobRunRequest.Recovery : JobRunRequest.Schedule;
        await runner.RunAsync(job, new JobRunRequest(trigger, context.FireInstanceId, context.ScheduledFireTimeUtc), ct);
    }
}
