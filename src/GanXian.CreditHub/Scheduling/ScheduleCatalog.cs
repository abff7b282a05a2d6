using GanXian.CreditHub.Scheduling.Calendar;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Scheduling;

/// <summary>The schedule files as loaded once at start (validated by <see cref="SchedulingOptionsValidator"/>); edits take effect on restart.</summary>
public sealed class ScheduleCatalog(IOptions<SchedulingOptions> options, IHostEnvironment environment)
{
    private readonly Lazy<ScheduleSet> _set = new(() =>
    {
        var set = ScheduleFiles.Load(options.Value.ResolveDirectory(environment));
        if (set.Errors.Count > 0)
        {
            throw new OptionsValidationException(SchedulingOptions.Section, typeof(SchedulingOptions), set.Errors.Select(e => "计划任务文件 " + e.ToString()));
        }

        return set;
    });

    public string Directory => options.Value.ResolveDirectory(environment);

    public IReadOnlyList<ScheduleDefinition> Jobs => _set.Value.Jobs;

    public WorkingDayCalendar Calendar => _set.Value.Calendar;

    public ScheduleDefinition? Find(string name) => _set.Value.Find(name);
}
