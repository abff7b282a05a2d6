using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Scheduling.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Scheduling;

/// <summary>Why and when a run starts: <c>schedule</c>/<c>recovery</c> firings carry the scheduler's ids, manual runs do not.</summary>
public sealed record JobRunRequest(string Trigger, string? FireInstanceId = null, DateTimeOffset? ScheduledFireTime = null)
{
    public const string Schedule = "schedule";
    public const string Recovery = "recovery";

    public static JobRunRequest Manual(string user) => new($"manual:{user}");

    public bool IsScheduled => Trigger is Schedule or Recovery;
}

/// <summary>
/// Runs one job the same way whoever asked (a firing on any node, <c>jobs run</c>, the API): under the job's database
/// lock, in its own DI scope, and with a row in the run history from start to end. A run that finds the lock taken
/// does not wait: it is recorded as skipped, so two runs of the exchange never overlap.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IDistributedLock locks,
    ScheduleCatalog catalog,
    IOptions<SchedulingOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    public async Task<JobRun> RunAsync(ScheduleDefinition job, JobRunRequest request, CancellationToken ct)
    {
        var run = new JobRun
        {
            JobName = job.Name,
            JobType = job.Type,
            Node = options.Value.NodeId,
            Trigger = request.Trigger,
            FireInstanceId = request.FireInstanceId,
            ScheduledFireTime = request.ScheduledFireTime?.ToUniversalTime(),
            StartedAt = clock.GetUtcNow(),
        };

        await using var scope = scopes.CreateAsyncScope();
        var task = ScheduledTasks.Find(scope.ServiceProvider, job.Type);
        var lockName = job.Lock ?? task?.LockName ?? job.Name;
        await using var held = await locks.TryAcquireAsync(lockName, ct);
        if (held is null)
        {
            run.Outcome = JobOutcomes.Skipped;
            run.FinishedAt = clock.GetUtcNow();
            run.Summary = $"未执行：任务“{job.Name}”所用的锁“{lockName}”正被另一次运行持有（可能在其他节点上），本次跳过。";
            logger.LogWarning("任务 {Job}（{Trigger}）已跳过：锁 {Lock} 正被另一次运行持有", job.Name, request.Trigger, lockName);
            await SaveAsync(run, ct);
            return run;
        }

        HeldLocks.Enter(lockName);
        await SaveAsync(run, ct);
        logger.LogInformation("任务 {Job} 开始运行（{Trigger}，运行编号 {RunId}）", job.Name, request.Trigger, run.Id);
        try
        {
            var result = await ExecuteAsync(job, task, request, ct);
            run.Outcome = result.Skipped ? JobOutcomes.Skipped : result.Succeeded ? JobOutcomes.Succeeded : JobOutcomes.Failed;
            run.Summary = Truncate(result.Summary, 2000);
            run.Counts = JsonSerializer.Serialize(result.Counts);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            run.Outcome = JobOutcomes.Cancelled;
            run.Summary = "运行被取消（节点停止）。";
        }
        catch (CalendarNotCoveredException ex)
        {
            run.Outcome = JobOutcomes.Failed;
            run.Summary = Truncate(ex.Message, 2000);
            run.Error = Truncate(ex.Message, 4000);
        }
        catch (Exception ex)
        {
            // Message and type only: a stack trace belongs in the log, and exception messages must not carry personal data.
            logger.LogError(ex, "Job {Job} failed (run {RunId})", job.Name, run.Id);
            run.Outcome = JobOutcomes.Failed;
            run.Summary = Truncate($"运行出错：{ex.Message}", 2000);
            run.Error = Truncate($"{ex.GetType().Name}: {ex.Message}", 4000);
        }

        run.FinishedAt = clock.GetUtcNow();
        await SaveAsync(run, CancellationToken.None);
        logger.LogInformation("任务 {Job} 运行结束：{Outcome}（运行编号 {RunId}）{Summary}", job.Name, run.Outcome, run.Id, run.Summary);
        return run;
    }

    public async Task<JobRun?> RunAsync(string jobName, JobRunRequest request, CancellationToken ct) =>
        catalog.Find(jobName) is { } job ? await RunAsync(job, request, ct) : null;

    private async Task<ScheduledTaskResult> ExecuteAsync(ScheduleDefinition job, IScheduledTask? task, JobRunRequest request, CancellationToken ct)
    {
        if (task is null)
        {
            return ScheduledTaskResult.Failed($"任务类型“{job.Type}”尚未实现或未注册，任务“{job.Name}”无法运行。");
        }

        // The trigger already skips non-working days; this makes a day beyond the calendar's data fail loudly in the
        // history instead of the job quietly running (or not) on a guess. A person asking for a run overrides the calendar.
        if (request.IsScheduled && job.Calendar == ScheduleDefinition.WorkingDaysCalendar)
        {
            _ = catalog.Calendar.IsWorkingDay(clock.Today());
        }

        return await task.RunAsync(new ScheduledTaskContext(job.Name, job.Parameters, request.Trigger), ct);
    }

    /// <summary>
    /// Saves the run's row. A run a person asked for (an administrator's action, <c>manual:NAME</c>) is also written to
    /// the operation log, in the same transaction as the row that records it.
    /// </summary>
    private async Task SaveAsync(JobRun run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        var manual = run.Id == 0 && run.Trigger.StartsWith("manual:", StringComparison.Ordinal);
        await using var tx = manual ? await db.Database.BeginTransactionAsync(ct) : null;
        if (run.Id == 0)
        {
            db.Add(run);
        }
        else
        {
            db.Update(run);
        }

        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db,
            [
                new LogEvent
                {
                    Chain = LogChain.Operation, Kind = "job.run", Actor = run.Trigger["manual:".Length..], State = run.Outcome,
                    Detail = run.Outcome == JobOutcomes.Skipped ? $"手动运行任务 {run.JobName}：锁被占用，未执行" : $"手动运行任务 {run.JobName}（运行 #{run.Id}）",
                },
            ], ct);
            await tx.CommitAsync(ct);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
