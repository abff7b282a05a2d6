using System.Globalization;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// A Quartz cron expression as an officer reads it ("每天 01:30", "每 15 分钟", "每周日 04:00"). Only the shapes a
/// schedule file commonly uses are described; anything else is shown as the expression itself, which is never wrong.
/// </summary>
public static class CronText
{
    private static readonly string[] Weekdays = ["日", "一", "二", "三", "四", "五", "六"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string Describe(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 6 or > 7 || f[0] != "0" || (f.Length == 7 && f[6] != "*"))
        {
            return cron;
        }

        var (minute, hour, day, month, weekday) = (f[1], f[2], f[3], f[4], f[5]);
        var anyDay = day is "*" or "?";
        var anyWeekday = weekday is "*" or "?";
        if (month != "*")
        {
            return int.TryParse(month, out var m) && m is >= 1 and <= 12 && Number(day) is { } d && anyWeekday && Time(hour, minute) is { } at
                ? $"每年 {m} 月 {d} 日 {at}"
                : cron;
        }

        if (hour == "*" && anyDay && anyWeekday)
        {
            if ((minute.StartsWith("0/", StringComparison.Ordinal) || minute.StartsWith("*/", StringComparison.Ordinal)) && Number(minute[2..]) is { } every and > 0)
            {
                return $"每 {every} 分钟";
            }

            return Number(minute) is { } n ? $"每小时第 {n} 分" : cron;
        }

        if (Time(hour, minute) is not { } time)
        {
            return cron;
        }

        if (anyDay && anyWeekday)
        {
            return $"每天 {time}";
        }

        if (anyDay && Days(weekday) is { } days)
        {
            return $"每{days} {time}";
        }

        return anyWeekday && Number(day) is { } dom ? $"每月 {dom} 日 {time}" : cron;
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Time(string hour, string minute) =>
        Number(hour) is { } h and <= 23 && Number(minute) is { } m and <= 59 ? $"{h:00}:{m:00}" : null;

    /// <summary>"SUN" → 周日, "MON-FRI" → 周一至周五, "MON,WED" → 周一、周三 (Quartz: 1 = Sunday).</summary>
    private static string? Days(string weekday)
    {
        string? One(string d)
        {
            var i = Array.IndexOf(DayNames, d.ToUpperInvariant());
            if (i < 0 && Number(d) is { } n and >= 1 and <= 7)
            {
                i = n - 1;
            }

            return i < 0 ? null : "周" + Weekdays[i];
        }

        var range = weekday.Split('-');
        if (range.Length == 2)
        {
            return One(range[0]) is { } from && One(range[1]) is { } to ? $"{from}至{to}" : null;
        }

        var list = weekday.Split(',').Select(One).ToList();
        return list.Any(d => d is null) ? null : string.Join("、", list);
    }
}
