using Quartz.Impl.Calendar;

namespace GanXian.CreditHub.Scheduling.Calendar;

public static class QuartzWorkingDayCalendar
{
    /// <summary>
    /// A Quartz <see cref="HolidayCalendar"/> excluding every non-working day of the covered years, in Asia/Shanghai. A
    /// built-in calendar type, so the clustered store can persist it without a custom serializer. Days beyond the
    /// covered years are not excluded: the run starts and <see cref="JobRunner"/> fails it with the coverage error.
    /// </summary>
    public static HolidayCalendar Build(WorkingDayCalendar calendar, TimeZoneInfo zone)
    {
        var quartz = new HolidayCalendar { TimeZone = zone, Description = "工作日历（covered: " + string.Join(",", calendar.CoveredYears) + "）" };
        foreach (var day in calendar.NonWorkingDays())
        {
            quartz.AddExcludedDay(day);
        }

        return quartz;
    }
}
