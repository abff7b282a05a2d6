using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Scheduling.Calendar;

/// <summary>
/// <c>calendar-coverage</c>: the State Council publishes next year's holidays in November, and deadlines reaching into
/// a year the calendar does not cover cannot be computed. From 1 December a missing next year fails the run (so it
/// shows in the history and in monitoring); a missing current year fails it all year.
/// </summary>
internal sealed class CalendarCoverageTask(ScheduleCatalog catalog, TimeProvider clock, ILogger<CalendarCoverageTask> logger) : IScheduledTask
{
    public string JobType => "calendar-coverage";

    public Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
    {
        var today = clock.Today();
        var calendar = catalog.Calendar;
        var covered = calendar.CoveredYears.Count == 0 ? "无" : string.Join("、", calendar.CoveredYears);
        var counts = new Dictionary<string, long> { ["coveredYears"] = calendar.CoveredYears.Count };

        if (!calendar.Covers(today.Year))
        {
            logger.LogError("The working-day calendar does not cover the current year {Year}", today.Year);
            return Task.FromResult(ScheduledTaskResult.Failed(
                $"错误：工作日历未覆盖今年（{today.Year} 年），期限无法计算。请在 schedules/calendar/{today.Year}.json 中补充。已覆盖：{covered}。", counts));
        }

        var next = today.Year + 1;
        if (today.Month == 12 && !calendar.Covers(next))
        {
            logger.LogWarning("工作日日历尚未覆盖明年（{Year} 年），请在 schedules/calendar 中补充", next);
            return Task.FromResult(ScheduledTaskResult.Failed(
                $"警告：工作日历尚未包含 {next} 年的节假日安排，跨年期限将无法计算。请按国务院办公厅通知在 schedules/calendar/{next}.json 中补充后重启。已覆盖：{covered}。",
                counts));
        }

        return Task.FromResult(ScheduledTaskResult.Ok($"工作日历覆盖正常（已覆盖：{covered}）。", counts));
    }
}
