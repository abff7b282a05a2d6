namespace GanXian.CreditHub.Scheduling.Calendar;

/// <summary>A date the working-day calendar has no data for: the deadline cannot be computed, and the hub says so.</summary>
public sealed class CalendarNotCoveredException(DateOnly date, IReadOnlyCollection<int> coveredYears)
    : Exception($"工作日历未覆盖 {date.Year} 年（日期 {date:yyyy-MM-dd}）；已覆盖的年份：" +
                (coveredYears.Count == 0 ? "无" : string.Join("、", coveredYears)) +
                $"。请管理员按国务院办公厅公布的安排在 schedules/calendar/{date.Year}.json 中补充该年的节假日与调休上班日。")
{
    public DateOnly Date { get; } = date;
}

/// <summary>
/// Working days of the Chinese calendar (DOMAIN.md §7): weekends are off except official make-up workdays (调休上班),
/// official holidays are off. Only years with published data are known; any other year is an error, never a guess.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<int, CalendarYear> _years;

    public WorkingDayCalendar(IEnumerable<CalendarYear> years)
    {
        _years = years.ToDictionary(y => y.Year);
        CoveredYears = _years.Keys.Order().ToArray();
    }

    public IReadOnlyList<int> CoveredYears { get; }

    public bool Covers(int year) => _years.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (!_years.TryGetValue(date.Year, out var year))
        {
            throw new CalendarNotCoveredException(date, CoveredYears);
        }

        if (year.Holidays.ContainsKey(date))
        {
            return false;
        }

        return year.MakeUpWorkdays.ContainsKey(date) || date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// The date <paramref name="days"/> working days after <paramref name="start"/> (before it when negative); the start
    /// day itself is not counted, so 5 working days after a Thursday deadline start land on the fifth working day after.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var step = days >= 0 ? 1 : -1;
        var date = start;
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>Every day of the covered years that is not a working day (for the Quartz calendar).</summary>
    public IEnumerable<DateOnly> NonWorkingDays()
    {
        foreach (var year in CoveredYears)
        {
            for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
            {
                if (!IsWorkingDay(d))
                {
                    yield return d;
                }
            }
        }
    }
}

/// <summary>One year's published schedule: holidays (days off) and make-up workdays, each with its name.</summary>
public sealed record CalendarYear(int Year, string Source, IReadOnlyDictionary<DateOnly, string> Holidays, IReadOnlyDictionary<DateOnly, string> MakeUpWorkdays);
