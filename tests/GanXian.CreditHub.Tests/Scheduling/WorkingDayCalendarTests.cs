using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Scheduling.Calendar;

namespace GanXian.CreditHub.Tests.Scheduling;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = ScheduleFiles.Load(RepositorySchedules.Directory).Calendar;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Five_working_days_after_12_February_skip_the_Spring_Festival_and_count_the_Saturday_make_up_day()
    {
        // Fri 13 (1), Sat 14 调休 (2), 15–23 春节, Tue 24 (3), Wed 25 (4), Thu 26 (5).
        Assert.Equal(D("2026-02-26"), Calendar.AddWorkingDays(D("2026-02-12"), 5));
        // Fri 27 (6), Sat 28 调休 (7).
        Assert.Equal(D("2026-02-28"), Calendar.AddWorkingDays(D("2026-02-12"), 7));
    }

    [Theory]
    [InlineData("2026-02-14", true)] // 春节调休上班 (Saturday)
    [InlineData("2026-02-28", true)] // 春节调休上班 (Saturday)
    [InlineData("2026-01-04", true)] // 元旦调休上班 (Sunday)
    [InlineData("2026-09-20", true)] // 国庆节调休上班 (Sunday)
    [InlineData("2026-10-10", true)] // 国庆节调休上班 (Saturday)
    [InlineData("2026-02-16", false)] // 春节 (Monday)
    [InlineData("2026-10-07", false)] // 国庆节 (Wednesday)
    [InlineData("2026-05-05", false)] // 劳动节 (Tuesday)
    [InlineData("2026-03-07", false)] // an ordinary Saturday
    [InlineData("2026-03-09", true)] // an ordinary Monday
    public void Knows_holidays_make_up_days_and_weekends(string date, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(D(date)));
    }

    [Fact]
    public void Counts_backwards_too()
    {
        Assert.Equal(D("2026-02-14"), Calendar.AddWorkingDays(D("2026-02-24"), -1));
        Assert.Equal(D("2026-02-12"), Calendar.AddWorkingDays(D("2026-02-12"), 0));
    }

    [Fact]
    public void A_date_in_a_year_without_data_is_an_error_that_says_so()
    {
        Assert.Equal([2026], Calendar.CoveredYears);
        var ex = Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D("2027-01-04")));
        Assert.Contains("未覆盖 2027 年", ex.Message);
        Assert.Equal(D("2027-01-04"), ex.Date);

        // A deadline running past the last covered day errors rather than guessing at 2027's holidays.
        Assert.Throws<CalendarNotCoveredException>(() => Calendar.AddWorkingDays(D("2026-12-28"), 5));
    }

    [Fact]
    public void The_quartz_calendar_excludes_exactly_the_non_working_days_in_Shanghai_time()
    {
        var quartz = QuartzWorkingDayCalendar.Build(Calendar, BusinessTime.Zone);
        DateTimeOffset At(string date, int hour) => new(D(date).ToDateTime(new TimeOnly(hour, 30)), TimeSpan.FromHours(8));

        Assert.True(quartz.IsTimeIncluded(At("2026-02-14", 1)));
        Assert.False(quartz.IsTimeIncluded(At("2026-02-16", 1)));
        Assert.False(quartz.IsTimeIncluded(At("2026-03-07", 23)));
        // 01:30 on Monday 9 March in Shanghai is still Sunday in UTC: the zone decides, not the server's clock.
        Assert.True(quartz.IsTimeIncluded(At("2026-03-09", 1)));
        Assert.Equal(new DateTimeOffset(2026, 2, 24, 0, 0, 0, TimeSpan.FromHours(8)), quartz.GetNextIncludedTimeUtc(At("2026-02-15", 1)).ToOffset(TimeSpan.FromHours(8)));
    }
}
