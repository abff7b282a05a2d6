using System.Text.Json;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

public sealed record JobRunView(
    long Id, string Job, string Type, string Node, string Trigger, DateTimeOffset? ScheduledFireTime, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string Outcome, IReadOnlyDictionary<string, long> Counts, string? Summary, string? Error)
{
    public static JobRunView From(JobRun r) => new(r.Id, r.JobName, r.JobType, r.Node, r.Trigger, r.ScheduledFireTime, r.StartedAt,
        r.FinishedAt, r.Outcome, JsonSerializer.Deserialize<Dictionary<string, long>>(r.Counts) ?? [], r.Summary, r.Error);
}

public sealed record JobView(
    string Name, string Type, string? Description, string Cron, string TimeZone, bool Enabled, string Misfire, string? Calendar,
    string Lock, bool Registered, DateTimeOffset? NextFireTime, JobRunView? LastRun);

/// <summary>What <c>jobs list</c>, <c>jobs history</c> and the API show; one query shape for both.</summary>
public sealed class JobQueries(ScheduleCatalog catalog, CreditHubDbContext db, IServiceProvider scope, TimeProvider clock)
{
    public const int MaxLimit = 500;

    public async Task<IReadOnlyList<JobView>> ListAsync(CancellationToken ct)
    {
        var registered = ScheduledTasks.RegisteredTypes(scope);
        var views = new List<JobView>();
        foreach (var job in catalog.Jobs)
        {
            var last = await db.Set<JobRun>().AsNoTracking().Where(r => r.JobName == job.Name)
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            views.Add(new JobView(job.Name, job.Type, job.Description, job.Cron, job.TimeZone.Id, job.Enabled, job.MisfireName, job.Calendar,
                job.LockName, registered.Contains(job.Type), job.Enabled ? NextFireTime(job) : null, last is null ? null : JobRunView.From(last)));
        }

        return views;
    }

    public async Task<IReadOnlyList<JobRunView>> HistoryAsync(string? job, int limit, CancellationToken ct)
    {
        var query = db.Set<JobRun>().AsNoTracking();
        if (!string.IsNullOrEmpty(job))
        {
            query = query.Where(r => r.JobName == job);
        }

        // Id follows insertion order on both providers, and avoids ordering DateTimeOffset in SQL.
        var runs = await query.OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(ct);
        return runs.Select(JobRunView.From).ToList();
    }

    /// <summary>The next firing from now, skipping non-working days for jobs on the working-day calendar (null past its data).</summary>
    private DateTimeOffset? NextFireTime(ScheduleDefinition job)
    {
        var cron = new CronExpression(job.Cron, job.TimeZone);
        var next = cron.GetNextValidTimeAfter(clock.GetUtcNow());
        for (var i = 0; next is { } t && job.Calendar is not null && i < 400; i++)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, job.TimeZone).DateTime);
            if (!catalog.Calendar.Covers(day.Year))
            {
                return null;
            }

            if (catalog.Calendar.IsWorkingDay(day))
            {
                break;
            }

            next = cron.GetNextValidTimeAfter(t);
        }

        return next;
    }
}
